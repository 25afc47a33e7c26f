"""Documents, message threads and notifications of the main sample factory."""

from __future__ import annotations

from apps.demo.sample_data.specs import (
    DocumentSpec,
    MessageSpec,
    NotificationSpec,
    ThreadSpec,
    VersionSpec,
)

FP = "@factorypulse.com"
JOHN, MARY = f"john.smith{FP}", f"mary.johnson{FP}"
NGUYEN, TRAN, LE = f"nguyen.van.a{FP}", f"tran.thi.b{FP}", f"le.van.c{FP}"
PHAM, HOANG, VU = f"pham.thi.d{FP}", f"hoang.van.e{FP}", f"vu.thi.f{FP}"
DINH, BUI, DO = f"dinh.van.g{FP}", f"bui.thi.h{FP}", f"do.thi.j{FP}"
TRUONG, ADMIN = f"truong.van.m{FP}", f"admin{FP}"

# Who usually decides each kind of approval (all management; see workflow.standard.APPROVERS).
APPROVERS = {
    "technical_review": LE,
    "quote_approval": JOHN,
    "po_approval": NGUYEN,
    "quality_review": TRAN,
    "shipment_release": TRAN,
}

BOM_HEADER = "item,part_number,description,material,qty,unit_cost_usd"

DOCUMENTS = (
    DocumentSpec("camry_caliper", "Brake caliper fixture - general arrangement",
                 "TMV-CAM-FX-0412_GA.pdf", "drawing", PHAM, (
                     VersionSpec("collect_documents", "Customer drawing, Rev A",
                                 ("Sheet 1 of 3: fixture base and locators",)),
                     VersionSpec("material_review",
                                 "Rev B: clamp pads changed to POM-C after the material review",
                                 ("Clamp pads: POM-C, 8 places", "Locators: SKD11, HRC 58-60")),
                 ), tags=("customer-drawing",)),
    DocumentSpec("camry_caliper", "Caliper fixture bill of materials", "CAM-FX-0412_BOM.csv",
                 "bom", DINH, (
                     VersionSpec("bom_costing", "Costed BOM for the quote", (
                         BOM_HEADER,
                         "1,FX-0412-01,Base plate 400x300x30,A6061-T6,1,186.00",
                         "2,FX-0412-02,Locating pin D12,SKD11,8,14.50",
                         "3,FX-0412-03,Pneumatic swing clamp,Purchased,4,128.00",
                         "4,FX-0412-04,Clamp pad,POM-C,8,6.20",
                     )),
                 )),
    DocumentSpec("camry_caliper", "Customer purchase order 4500187734",
                 "TMV_PO_4500187734.pdf", "po", PHAM, (
                     VersionSpec("po_received", "PO as received by e-mail",
                                 ("PO 4500187734, 1 set, USD 48,500.00, FOB Vinh Phuc",)),
                 ), access_level="organization"),
    DocumentSpec("hilux_jig", "Final inspection report - seat frame welding jig",
                 "FPV-QC-HLX-0088.pdf", "qa_report", BUI, (
                     VersionSpec("final_inspection", "Final inspection, 42 characteristics",
                                 ("All 42 characteristics within tolerance",
                                  "Datum A flatness 0.02 mm (limit 0.05)")),
                 ), approved_by=TRAN),
    DocumentSpec("hilux_jig", "Packing list and delivery note", "DN-HLX-0088.pdf",
                 "shipping_doc", TRUONG, (
                     VersionSpec("packaging", "Packing list, 1 crate, 412 kg",
                                 ("1 wooden crate 1800x1200x1100 mm, gross 412 kg",)),
                 ), access_level="customer"),
    DocumentSpec("galley_brackets", "787 galley panel bracket - detail drawing",
                 "BCA-787-GB-2201.pdf", "drawing", PHAM, (
                     VersionSpec("collect_documents", "Rev C from the customer portal",
                                 ("18 part numbers, 7075-T7351",)),
                     VersionSpec("feasibility", "Rev D: hole pattern updated per ECN-1187",
                                 ("ECN-1187: 4x D6.35 holes moved 2.0 mm outboard",)),
                 ), tags=("customer-drawing", "as9100")),
    DocumentSpec("galley_brackets", "First article inspection report (AS9102)",
                 "FAI-787-GB-2201.pdf", "qa_report", BUI, (
                     VersionSpec("first_article", "AS9102 forms 1-3, all characteristics pass",
                                 ("Form 1: part number accountability",
                                  "Form 3: 64 characteristics, 0 non-conforming")),
                 ), approved_by=TRAN),
    DocumentSpec("galley_brackets", "Quotation Q-FPV-0147", "Q-FPV-0147.pdf",
                 "customer_quote", PHAM, (
                     VersionSpec("send_quote", "Quote as sent to the customer",
                                 ("18 part numbers, USD 86,000.00, lead time 10 weeks",)),
                 ), access_level="customer"),
    DocumentSpec("frame_cell", "Welding cell layout", "HVN-WC-LAYOUT.pdf", "drawing", DINH, (
        VersionSpec("feasibility", "Layout for the feasibility review",
                    ("Cell footprint 8.0 x 6.5 m, two robots, rotary positioner",)),
    )),
    DocumentSpec("frame_cell", "Quotation Q-FPV-0162", "Q-FPV-0162.pdf",
                 "customer_quote", PHAM, (
                     VersionSpec("quote_review", "First issue for the internal review",
                                 ("Welding cell, USD 352,000.00",)),
                     VersionSpec("send_quote",
                                 "Revised: controller options reduced, price adjusted",
                                 ("Welding cell, USD 340,000.00",)),
                 ), access_level="customer"),
    DocumentSpec("robot_frame", "Robot frame bill of materials", "SDV-RF-BOM.csv", "bom", DINH, (
        VersionSpec("bom_costing", "Initial BOM", (
            BOM_HEADER,
            "1,RF-100,Gantry weldment,S355,1,4200.00",
            "2,RF-210,Linear guide HSR35 2400 mm,Purchased,4,610.00",
            "3,RF-310,Servo drive MR-J5-70A,Purchased,4,890.00",
        )),
        VersionSpec("work_instructions", "Cable chains added, servo motor part numbers fixed", (
            BOM_HEADER,
            "1,RF-100,Gantry weldment,S355,1,4200.00",
            "2,RF-210,Linear guide HSR35 2400 mm,Purchased,4,610.00",
            "3,RF-310,Servo drive MR-J5-70A,Purchased,4,890.00",
            "4,RF-320,Cable chain E4.32,Purchased,2,340.00",
        )),
    )),
    DocumentSpec("corolla_mount", "Purchase order PO-TMV-3391", "PO-TMV-3391.pdf",
                 "po", VU, (
                     VersionSpec("po_received", "Customer PO, two lots of 2,000 pcs",
                                 ("4,000 pcs, USD 67,800.00, delivery in two lots",)),
                 ), access_level="organization"),
)  # fmt: skip

THREADS = (
    ThreadSpec("SKD11 steel delayed - die schedule at risk", "vios_die", (
        MessageSpec(HOANG, NGUYEN, "Southern Steel says the SKD11 blocks are held at Cat Lai "
                    "port; delivery slips to next week. I asked for a partial delivery of the two "
                    "punch blocks.", 30),
        MessageSpec(NGUYEN, HOANG, "Please also ask the Hai Phong stockist. Toyota needs the die "
                    "tryout before the end of the month.", 26),
        MessageSpec(HOANG, DO, "Do Thi J, can production start the stripper plate first? The "
                    "S50C for it is in stock.", 5, read=False),
    )),
    ThreadSpec("Final inspection backlog - 787 galley brackets", "galley_brackets", (
        MessageSpec(JOHN, TRAN, "Boeing asked for the inspection report by Friday. What is "
                    "holding up the final inspection?", 20, priority="high"),
        MessageSpec(TRAN, JOHN, "The CMM was out for calibration for two days. Bui Thi H is "
                    "measuring the remaining 60 parts today; report tomorrow noon.", 18,
                    read=False),
        MessageSpec(BUI, TRAN, "40 of 60 parts measured, all within tolerance so far.", 3,
                    read=False),
    )),
    ThreadSpec("Handlebar clamp quote - margin too thin", "wave_clamp", (
        MessageSpec(NGUYEN, PHAM, "I sent the quote back: the aluminium price in the cost sheet "
                    "is from June. Please use Hoang Van E's latest supplier quote.", 28),
        MessageSpec(PHAM, NGUYEN, "Updated with the new A6061 price (USD 3.85/kg); margin is now "
                    "19.5%. I will resubmit once Dinh Van G confirms the cycle time.", 16),
    )),
    ThreadSpec("Q3 margin review", None, (
        MessageSpec(MARY, JOHN, "The Q3 margin summary is ready: Toyota projects at 21%, Boeing "
                    "at 26%. Can we review it on Thursday at 9:00 New York time?", 6, read=False,
                    priority="high"),
    )),
    ThreadSpec("Samsung robot frame - servo drives", None, (
        MessageSpec(JOHN, NGUYEN, "Please call the Mekong Electronics sales director about the "
                    "servo drives; Samsung is asking for a new delivery date.", 10),
        MessageSpec(NGUYEN, JOHN, "Called them: two drives arrive from Singapore on Monday. I "
                    "will confirm the new date to Park Ji-hoon today.", 7),
    )),
    ThreadSpec("Airbus PO follow-up", None, (
        MessageSpec(PHAM, JOHN, "Airbus procurement says the PO for the seat track fittings is "
                    "in their approval cycle, expected next Tuesday.", 2, read=False),
    )),
)  # fmt: skip

NOTIFICATIONS = (
    NotificationSpec(JOHN, "approval", "Approval needed: PO review for {code}",
                     "{title}: the customer PO is ready for your review.", 0, "corolla_mount",
                     priority="high", after="requested"),
    NotificationSpec(JOHN, "approval", "Overdue approval: first article for {code}",
                     "{title}: the first article inspection approval is past its SLA.", 0,
                     "frame_cell", priority="urgent", after="sla"),
    NotificationSpec(JOHN, "message", "New message from Mary Johnson", "Q3 margin review", 6,
                     url="/messages/"),
    NotificationSpec(JOHN, "workflow", "Final inspection overdue on {code}",
                     "{title}: final inspection is past its due date.", 0, "galley_brackets",
                     priority="high", after="due"),
    NotificationSpec(JOHN, "workflow", "{code} delivered",
                     "{title} was delivered and accepted by the customer.", 0, "hilux_jig",
                     read=True, after="delivered"),
    NotificationSpec(JOHN, "system", "Welcome to Factory Pulse",
                     "Your projects, approvals and messages are on the dashboard.", 330,
                     url="/", priority="low", read=True),
    NotificationSpec(NGUYEN, "workflow", "Material procurement blocked on {code}",
                     "{title}: SKD11 tool steel is held at the port.", 0, "vios_die",
                     priority="high", after="blocked"),
    NotificationSpec(NGUYEN, "message", "New message from Pham Thi D",
                     "Handlebar clamp quote - margin too thin", 16, url="/messages/", read=True),
    NotificationSpec(PHAM, "approval", "Quote returned for {code}",
                     "{title}: the quote review was rejected; see the reason.", 0, "wave_clamp",
                     priority="high", read=True, after="rejected"),
    NotificationSpec(LE, "approval", "Approval needed: technical sign-off for {code}",
                     "{title} is ready for technical sign-off.", 0, "cargo_seals",
                     priority="high", after="requested"),
    NotificationSpec(TRAN, "approval", "Overdue approval: first article for {code}",
                     "{title}: the first article inspection approval is past its SLA.", 0,
                     "frame_cell", priority="urgent", after="sla"),
    NotificationSpec(TRAN, "workflow", "Final inspection overdue on {code}",
                     "{title}: final inspection is past its due date.", 0, "galley_brackets",
                     priority="high", read=True, after="due"),
    NotificationSpec(LE, "workflow", "Feasibility review started on {code}",
                     "{title}: Dinh Van G is reviewing feasibility.", 0, "torque_station",
                     after="started"),
    NotificationSpec(DINH, "document", "New BOM version on {code}",
                     "{title}: cable chains were added to the robot frame BOM.", 0,
                     "robot_frame", read=True, after="document:SDV-RF-BOM.csv"),
    NotificationSpec(HOANG, "workflow", "Supplier quotes due soon for {code}",
                     "{title}: the BOM is being costed; supplier quotes are next.", 0,
                     "lavatory_brackets", after="started"),
    NotificationSpec(DO, "message", "New message from Hoang Van E",
                     "SKD11 steel delayed - die schedule at risk", 5, url="/messages/"),
    NotificationSpec(DO, "workflow", "Assembly blocked on {code}",
                     "{title}: servo drives are out of stock.", 0, "robot_frame",
                     priority="high", after="blocked"),
    NotificationSpec(BUI, "workflow", "You were assigned: final inspection on {code}",
                     "{title}: 60 parts waiting for CMM measurement.", 0, "galley_brackets",
                     read=True, after="started"),
    NotificationSpec(MARY, "document", "Customer PO uploaded on {code}",
                     "{title}: PO-TMV-3391 is in the project documents.", 0,
                     "corolla_mount", after="document:PO-TMV-3391.pdf"),
    NotificationSpec(TRUONG, "workflow", "Shipment in progress on {code}",
                     "{title}: truck booked to Bac Ninh.", 0, "smt_pallets", after="started"),
    NotificationSpec(ADMIN, "system", "Nightly backup completed",
                     "The database and files were backed up at 02:00.", 23, url="/",
                     priority="low", read=True),
)  # fmt: skip
