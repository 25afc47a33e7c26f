-- Seed 000_2915d84219cd34f5.txt, lines 164-165: Step 1.3, verify schema integrity
-- Run the comprehensive test suite
SELECT * FROM run_schema_integrity_tests();
