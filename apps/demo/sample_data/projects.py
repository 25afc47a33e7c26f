"""The sample projects: Toyota 6, Honda 3, Boeing 3, Samsung 3, Airbus 2 (seed 2), spread over
all eight stages, and the second factory's two. `at` names the sub-stage being worked on now."""

from __future__ import annotations

from apps.demo.sample_data.specs import ProjectSpec

FP = "@factorypulse.com"
PHAM, VU = f"pham.thi.d{FP}", f"vu.thi.f{FP}"
JOHN, NGUYEN = f"john.smith{FP}", f"nguyen.van.a{FP}"

FACTORY_PULSE_PROJECTS = (
    ProjectSpec(
        "camry_caliper", "toyota", "Toyota Camry Brake Caliper Fixture",
        "Pneumatic clamping fixture holding the front brake caliper for machining of the piston "
        "bores; 4 stations, poka-yoke pins, quick-change locators.",
        "fabrication", "rfq", "email", "high", 48_500, PHAM, "fabrication", pace=5.5, contact=1,
        tags=("fixture", "automotive"),
    ),
    ProjectSpec(
        "hilux_jig", "toyota", "Toyota Hilux Seat Frame Welding Jig",
        "Manual welding jig for the second-row seat frame, 14 toggle clamps, hardened locating "
        "pins, CMM-verified datum scheme.",
        "fabrication", "po", "portal", "normal", 32_000, VU, None, pace=6.5,
        delivered_days_ago=12, tags=("jig", "welding"),
    ),
    ProjectSpec(
        "vios_die", "toyota", "Toyota Vios Door Hinge Stamping Die",
        "Progressive die, 6 stations, for the front door hinge reinforcement (SPFC590, 2.3 mm); "
        "30,000 hits per month.",
        "manufacturing", "rfq", "email", "urgent", 125_000, PHAM, "material_procurement",
        state="blocked", overdue=True, pace=6.0,
        blocked_reason="SKD11 tool steel for the punch and die blocks is held at Cat Lai port; "
        "Southern Steel Supply now promises delivery next week.",
        tags=("die", "stamping"),
    ),
    ProjectSpec(
        "corolla_mount", "toyota", "Toyota Corolla Cross Engine Mount Bracket",
        "Repeat order: laser-cut and formed engine mount bracket, e-coated, 4,000 pcs in two "
        "lots.",
        "manufacturing", "reorder", "phone", "normal", 67_800, VU, "po_review", state="in_review",
        pace=5.0, tags=("bracket", "reorder"),
    ),
    ProjectSpec(
        "torque_station", "toyota", "Toyota Assembly Line Torque Verification Station",
        "Station that checks wheel-nut torque on the final line with two DC nutrunners, "
        "traceability to the VIN and an andon interface.",
        "system_build", "design_idea", "referral", "high", 210_000, NGUYEN, "feasibility",
        pace=7.0, contact=1, tags=("automation", "station"),
    ),
    ProjectSpec(
        "fortuner_panel", "toyota", "Toyota Fortuner Radiator Support Panel",
        "Prototype batch of 40 radiator support panels, laser-cut and press-brake formed, for "
        "a facelift trial build.",
        "fabrication", "rfq", "portal", "low", 18_900, VU, "collect_documents", pace=6.0,
        tags=("prototype",),
    ),
    ProjectSpec(
        "wave_clamp", "honda", "Honda Wave Alpha Handlebar Clamp",
        "CNC-machined A6061 handlebar clamp, anodized black, 12,000 pcs per year.",
        "manufacturing", "rfq", "email", "normal", 22_400, PHAM, "quote_review", overdue=True,
        pace=8.0,
        rejected_reason="Aluminium price in the cost sheet is from June; refresh it with the "
        "latest supplier quote and keep the margin above 18%.",
        tags=("machining", "motorcycle"),
    ),
    ProjectSpec(
        "city_hangers", "honda", "Honda City Exhaust Hanger Brackets",
        "Stainless exhaust hanger brackets, formed and TIG-welded, 6,000 pcs.",
        "fabrication", "po", "email", "normal", 15_750, VU, None, pace=5.5,
        delivered_days_ago=30, tags=("bracket", "stainless"),
    ),
    ProjectSpec(
        "frame_cell", "honda", "Honda Motorcycle Frame Welding Cell",
        "Two-robot MIG welding cell with a rotary positioner and two frame fixtures for the "
        "underbone frame; safety fencing and light curtains included.",
        "system_build", "rfq", "walk_in", "urgent", 340_000, NGUYEN, "first_article",
        state="in_review", overdue=True, pace=5.0, contact=1, tags=("robot", "welding"),
    ),
    ProjectSpec(
        "galley_brackets", "boeing", "Boeing 787 Galley Panel Brackets",
        "7075-T7351 machined galley panel brackets, 18 part numbers, AS9102 first article and "
        "full CMM report per lot.",
        "manufacturing", "rfq", "portal", "high", 86_000, JOHN, "final_inspection",
        overdue=True, pace=6.0, tags=("aerospace", "as9100"),
    ),
    ProjectSpec(
        "cargo_seals", "boeing", "Boeing 737 Cargo Door Seal Retainers",
        "Extruded and machined aluminium seal retainers for the aft cargo door, chromate-free "
        "conversion coating.",
        "manufacturing", "rfq", "email", "normal", 54_300, VU, "tech_signoff", state="in_review",
        pace=6.0, contact=1, tags=("aerospace",),
    ),
    ProjectSpec(
        "layup_fixture", "boeing", "Boeing Composite Layup Tooling Fixture",
        "Invar layup tool support frame with levelling feet and lifting points for a "
        "composite panel programme.",
        "system_build", "design_idea", "referral", "high", 158_000, PHAM, "work_instructions",
        pace=5.0, tags=("tooling", "composite"),
    ),
    ProjectSpec(
        "smt_pallets", "samsung", "Samsung Galaxy SMT Pallet Carriers",
        "Durostone SMT wave-solder pallets with titanium hold-downs, 120 pcs for the new board.",
        "fabrication", "po", "portal", "urgent", 27_600, VU, "shipment", pace=4.5,
        tags=("smt", "electronics"),
    ),
    ProjectSpec(
        "robot_frame", "samsung", "Samsung Display Panel Handling Robot Frame",
        "Welded and machined gantry frame for a 4-axis panel handling robot, servo drives and "
        "cable chains installed.",
        "system_build", "rfq", "email", "high", 275_000, JOHN, "assembly", state="blocked",
        pace=4.5, contact=1,
        blocked_reason="Two MR-J5-70A servo drives are out of stock at Mekong Electronics; the "
        "axis 3 and 4 wiring cannot be finished.",
        tags=("automation", "robot"),
    ),
    ProjectSpec(
        "test_sockets", "samsung", "Samsung Test Socket Enclosures (Anodized)",
        "Machined and hard-anodized aluminium enclosures for RF test sockets, 300 pcs.",
        "fabrication", "rfq", "phone", "normal", 12_300, VU, "assign_owner", overdue=True,
        pace=6.0, tags=("machining",),
    ),
    ProjectSpec(
        "seat_tracks", "airbus", "Airbus A321 Cabin Seat Track Fittings",
        "Titanium seat track fittings, 8 part numbers, first lot of 1,200 pcs with FAI.",
        "manufacturing", "rfq", "portal", "high", 96_500, PHAM, "po_received", overdue=True,
        pace=6.0, tags=("aerospace", "titanium"),
    ),
    ProjectSpec(
        "lavatory_brackets", "airbus", "Airbus A350 Lavatory Module Brackets",
        "Sheet-metal and machined brackets for the lavatory module, 26 part numbers.",
        "manufacturing", "rfq", "email", "normal", 44_200, VU, "bom_costing", pace=6.0,
        contact=1, tags=("aerospace", "sheet metal"),
    ),
)  # fmt: skip

HOA = "nguyen.thi.hoa@saigonprecision.vn"

SAIGON_PRECISION_PROJECTS = (
    ProjectSpec(
        "exhaust_flanges", "mekong_marine", "Marine Engine Exhaust Flange Set",
        "Machined 316L exhaust flanges, DN80 to DN150, 600 sets per year.",
        "manufacturing", "rfq", "email", "normal", 18_600, HOA, "material_review", pace=6.0,
        tags=("marine",),
    ),
    ProjectSpec(
        "erector_frame", "dongnai_packaging", "Carton Erector Frame Weldment",
        "Welded and stress-relieved main frame for a carton erector, painted RAL 7035.",
        "fabrication", "rfq", "phone", "high", 27_400, HOA, "collect_documents", pace=6.0,
        tags=("weldment",),
    ),
)  # fmt: skip
