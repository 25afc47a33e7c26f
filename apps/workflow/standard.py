"""The standard contract-manufacturing workflow every new tenant starts with (seed 1's 8 stages).

Each stage: (slug, name, project status while in it, responsible roles, estimated days, colour,
exit criteria, sub-stages). Each sub-stage: (slug, name, roles, hours, flags) where flags are any of
"optional" (not required), "skip" (can be skipped), "approval" (completing it needs an approval,
decided by the roles in APPROVERS), "auto" (completing it advances the project when the stage's
required work is done).
"""

from __future__ import annotations

APPROVERS = ("management",)

STANDARD_WORKFLOW_NAME = "Standard RFQ to delivery"

STANDARD_STAGES = (
    ("inquiry_received", "Inquiry Received", "inquiry", ("sales", "management"), 1, "#0D6EFD",
     "Inquiry logged, customer and contact confirmed, documents received.", (
        ("log_inquiry", "Log inquiry and customer details", ("sales",), 2, ("auto",)),
        ("collect_documents", "Collect drawings and specifications", ("sales",), 4, ()),
        ("assign_owner", "Assign project owner", ("management",), 2, ("auto",)),
     )),
    ("technical_review", "Technical Review", "reviewing", ("engineering", "qa"), 3, "#6610F2",
     "Feasibility, materials and quality requirements reviewed and signed off.", (
        ("feasibility", "Feasibility and manufacturability review", ("engineering",), 8, ()),
        ("material_review", "Material and process selection", ("engineering",), 6, ()),
        ("quality_requirements", "Quality and inspection requirements", ("qa",), 4, ("skip",)),
        ("tech_signoff", "Technical sign-off", ("engineering",), 2, ("approval", "auto")),
     )),
    ("quote_preparation", "Quote Preparation", "reviewing", ("sales", "engineering"), 5, "#6F42C1",
     "Costed quote approved internally and sent to the customer.", (
        ("bom_costing", "BOM and cost estimate", ("engineering", "procurement"), 12, ()),
        ("supplier_quotes", "Supplier quotes", ("procurement",), 16, ("skip",)),
        ("quote_review", "Internal quote review", ("sales",), 4, ("approval",)),
        ("send_quote", "Send quote to customer", ("sales",), 2, ("auto",)),
     )),
    ("customer_approval", "Customer Approval", "quoted", ("sales", "management"), 2, "#D63384",
     "Customer purchase order received and checked against the quote.", (
        ("customer_followup", "Follow up with customer", ("sales",), 8, ("optional", "skip")),
        ("po_received", "Purchase order received", ("sales",), 4, ()),
        ("po_review", "PO review against quote", ("sales", "finance"), 4, ("approval", "auto")),
     )),
    ("production_planning", "Production Planning", "procurement", ("production", "engineering"),
     7, "#FD7E14", "Materials ordered, schedule and work instructions released.", (
        ("production_schedule", "Production schedule", ("production",), 8, ()),
        ("material_procurement", "Material procurement", ("procurement",), 40, ()),
        ("work_instructions", "Work instructions", ("engineering",), 12, ()),
        ("tooling", "Tooling and fixtures", ("production",), 16, ("skip",)),
     )),
    ("manufacturing", "Manufacturing", "production", ("production", "qa"), 30, "#FFC107",
     "All parts made and assembled, in-process inspections passed.", (
        ("first_article", "First article inspection", ("qa",), 8, ("approval",)),
        ("fabrication", "Fabrication and machining", ("production",), 120, ()),
        ("assembly", "Assembly", ("production",), 80, ()),
        ("in_process_qc", "In-process inspection", ("qa",), 16, ()),
     )),
    ("quality_control", "Quality Control", "production", ("qa", "engineering"), 5, "#198754",
     "Final inspection and test passed, documentation complete.", (
        ("final_inspection", "Final inspection", ("qa",), 12, ()),
        ("functional_test", "Functional testing", ("qa", "engineering"), 12, ("skip",)),
        ("qc_documentation", "QC documentation and certificates", ("qa",), 6, ()),
        ("qa_release", "QA release", ("qa",), 2, ("approval", "auto")),
     )),
    ("delivery_installation", "Delivery & Installation", "production", ("logistics", "sales"), 3,
     "#20C997", "Delivered, installed where ordered, customer accepted.", (
        ("packaging", "Packaging and shipping documents", ("logistics",), 6, ()),
        ("shipment", "Shipment", ("logistics",), 24, ()),
        ("installation", "Installation and commissioning", ("production", "engineering"), 16,
         ("optional", "skip")),
        ("customer_acceptance", "Customer acceptance", ("sales",), 8, ("auto",)),
     )),
)  # fmt: skip
