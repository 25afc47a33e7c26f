"""Words the load data is made of: names of people, companies and parts a Vietnamese or American
contract manufacturer would see. Plain ASCII without tabs or backslashes, so they go into COPY
text as they are."""

from __future__ import annotations

FAMILY_NAMES = (
    "Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui", "Do",
    "Ho", "Ngo", "Duong", "Ly", "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis",
    "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Lee", "Clark",
)  # fmt: skip
GIVEN_NAMES = (
    "Anh", "Binh", "Chau", "Dung", "Giang", "Hai", "Hanh", "Hieu", "Hoa", "Hung", "Khanh",
    "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngoc", "Phuong", "Quang", "Son", "Tam",
    "Thao", "Thanh", "Trang", "Tuan", "Van", "Vy", "Yen", "James", "Mary", "Robert", "Linda",
    "Michael", "Sarah", "David", "Emily", "Daniel", "Laura", "Kevin", "Rachel",
)  # fmt: skip
DEPARTMENTS = {
    "admin": "Administration",
    "management": "Operations",
    "engineering": "Engineering",
    "qa": "Quality",
    "procurement": "Procurement",
    "production": "Production",
    "sales": "Sales",
    "finance": "Finance",
    "logistics": "Logistics",
    "auditor": "Compliance",
}

PLACES = (
    "Saigon", "Hanoi", "Da Nang", "Binh Duong", "Dong Nai", "Long An", "Bac Ninh", "Hai Phong",
    "Vinh Phuc", "Can Tho", "Ohio", "Texas", "Carolina", "Great Lakes", "Pacific", "Mekong",
    "Red River", "Highland", "Coastal", "Delta",
)  # fmt: skip
FACTORY_WORDS = (
    "Precision", "Metalworks", "Fabrication", "Machining", "Industrial", "Engineering",
    "Automation", "Tooling", "Components", "Manufacturing",
)  # fmt: skip
CUSTOMER_WORDS = (
    "Motors", "Aero", "Electronics", "Robotics", "Energy", "Medical", "Packaging", "Rail",
    "Marine", "Appliances", "Semiconductor", "Solar", "Agritech", "Logistics", "Optics",
)  # fmt: skip
COMPANY_SUFFIXES = ("Co., Ltd.", "JSC", "Inc.", "LLC", "Corp.", "Vietnam", "Group")
INDUSTRIES = (
    "Automotive", "Aerospace", "Electronics", "Medical devices", "Energy", "Consumer goods",
    "Industrial machinery", "Semiconductors", "Rail", "Marine",
)  # fmt: skip
CONTACT_ROLES = (
    "Purchasing Manager", "Buyer", "Project Engineer", "Quality Manager", "Supply Chain Lead",
    "Technical Director", "Plant Manager",
)  # fmt: skip

PART_ADJECTIVES = (
    "Aluminium", "Stainless", "Machined", "Welded", "Anodised", "Laser-cut", "Cast",
    "Precision", "Galvanised", "Sheet-metal", "Titanium", "Brass",
)  # fmt: skip
PART_NOUNS = (
    "bracket", "housing", "frame", "fixture", "jig", "manifold", "enclosure", "shaft", "flange",
    "panel", "gearbox cover", "conveyor guard", "mounting plate", "heat sink", "weldment",
    "test fixture", "battery tray", "hinge", "cabinet", "pallet",
)  # fmt: skip
PART_PURPOSES = (
    "for the assembly line", "for engine mounts", "for the packaging cell", "for SMT pallets",
    "for the paint shop", "for cabin interiors", "for solar inverters", "for robot cells",
    "for medical carts", "for EV chargers", "for rail bogies", "for a test bench",
)  # fmt: skip
DESCRIPTION_LINES = (
    "Drawings and a 3D model received from the customer.",
    "Tolerances per ISO 2768-mK unless noted.",
    "First article inspection required before the series.",
    "Material certificates 3.1 to be supplied with the shipment.",
    "Customer asks for a quote in two quantities.",
    "Repeat order with a small design change.",
    "Surface finish Ra 1.6 on the sealing faces.",
    "Delivery in two batches; the first one is urgent.",
)  # fmt: skip
TAGS = ("repeat-customer", "export", "as9100", "iatf16949", "rush", "prototype", "series", "rohs")

BLOCKED_REASONS = (
    "Waiting for the customer's revised drawing.",
    "Material delayed at the supplier.",
    "Machine down for maintenance.",
    "Waiting for a decision on the tolerance deviation.",
    "Subcontracted coating slipped a week.",
)  # fmt: skip
APPROVAL_COMMENTS = (
    "Checked against the requirements. Approved.",
    "OK to proceed.",
    "Approved; keep the customer informed of the schedule.",
    "Reviewed with engineering. Go ahead.",
)  # fmt: skip
REJECTION_REASONS = (
    "Cost estimate misses the surface treatment.",
    "Inspection plan lacks the critical dimensions.",
    "PO quantity does not match the quote.",
)  # fmt: skip
MESSAGE_SUBJECTS = (
    "Drawing question", "Schedule update", "Material availability", "Quote follow-up",
    "Inspection results", "Shipping details", "Customer call notes",
)  # fmt: skip
MESSAGE_LINES = (
    "Can you confirm the revision of the drawing we should build to?",
    "The material arrives on Thursday; machining can start Friday.",
    "Customer asked whether we can ship the first batch earlier.",
    "First article passed; report attached to the project.",
    "Please check the updated BOM before we send the quote.",
    "Packing list is ready, waiting for the forwarder's booking.",
    "Noted, I will update the schedule.",
    "Thanks, looks good.",
)  # fmt: skip
NOTIFICATION_TITLES = {
    "workflow": ("Sub-stage assigned to you", "Sub-stage overdue", "Project moved to a new stage"),
    "approval": ("Approval needed", "Your request was approved", "Approval escalated"),
    "document": ("New document version", "Document approved"),
    "message": ("New message on a project", "New direct message"),
    "system": ("Dashboard data refreshed", "Scheduled maintenance tonight"),
}
DOCUMENT_KINDS = (
    # (category, title, extension, mime type, stage index from which it exists)
    ("rfq", "Request for quotation", "pdf", "application/pdf", 0),
    ("drawing", "Customer drawing", "pdf", "application/pdf", 0),
    ("bom", "Bill of materials", "csv", "text/csv", 2),
    ("customer_quote", "Quotation", "pdf", "application/pdf", 2),
    ("po", "Customer purchase order", "pdf", "application/pdf", 3),
    ("work_instruction", "Work instruction", "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 4),
    ("qa_report", "Inspection report", "pdf", "application/pdf", 5),
    ("certificate", "Certificate of conformity", "pdf", "application/pdf", 6),
    ("shipping_doc", "Packing list", "pdf", "application/pdf", 7),
)  # fmt: skip
