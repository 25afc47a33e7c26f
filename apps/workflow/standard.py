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

# The same workflow for a tenant that works in Vietnamese (chosen when the tenant is created):
# the names and exit criteria as the factory's staff say them, by slug. Slugs, statuses, roles,
# durations and flags are those of STANDARD_STAGES.
STANDARD_WORKFLOW_VI = (
    "Quy trình chuẩn từ yêu cầu báo giá đến giao hàng",
    "Từ yêu cầu báo giá đến giao hàng cho nhà sản xuất theo hợp đồng.",
)
STANDARD_STAGES_VI: dict[str, tuple[str, str]] = {
    "inquiry_received": (
        "Tiếp nhận yêu cầu báo giá",
        "Đã ghi nhận yêu cầu, xác nhận khách hàng và người liên hệ, đã nhận đủ tài liệu.",
    ),
    "technical_review": (
        "Xem xét kỹ thuật",
        "Đã xem xét và ký duyệt tính khả thi, vật liệu và yêu cầu chất lượng.",
    ),
    "quote_preparation": (
        "Chuẩn bị báo giá",
        "Báo giá đã tính chi phí, được duyệt nội bộ và gửi cho khách hàng.",
    ),
    "customer_approval": (
        "Khách hàng chấp thuận",
        "Đã nhận đơn đặt hàng (PO) của khách hàng và đối chiếu với báo giá.",
    ),
    "production_planning": (
        "Lập kế hoạch sản xuất",
        "Đã đặt vật tư, ban hành lịch sản xuất và hướng dẫn công việc.",
    ),
    "manufacturing": (
        "Sản xuất",
        "Đã gia công và lắp ráp xong mọi chi tiết, đạt kiểm tra trong quá trình.",
    ),
    "quality_control": (
        "Kiểm soát chất lượng",
        "Đạt kiểm tra và thử nghiệm cuối cùng, hồ sơ đầy đủ.",
    ),
    "delivery_installation": (
        "Giao hàng và lắp đặt",
        "Đã giao hàng, lắp đặt theo đơn và được khách hàng nghiệm thu.",
    ),
}
STANDARD_SUB_STAGES_VI: dict[str, str] = {
    "log_inquiry": "Ghi nhận yêu cầu và thông tin khách hàng",
    "collect_documents": "Thu thập bản vẽ và thông số kỹ thuật",
    "assign_owner": "Phân công người phụ trách dự án",
    "feasibility": "Đánh giá tính khả thi và khả năng sản xuất",
    "material_review": "Lựa chọn vật liệu và phương pháp gia công",
    "quality_requirements": "Yêu cầu chất lượng và kiểm tra",
    "tech_signoff": "Ký duyệt kỹ thuật",
    "bom_costing": "BOM và dự toán chi phí",
    "supplier_quotes": "Báo giá của nhà cung cấp",
    "quote_review": "Duyệt báo giá nội bộ",
    "send_quote": "Gửi báo giá cho khách hàng",
    "customer_followup": "Theo dõi, liên hệ khách hàng",
    "po_received": "Nhận đơn đặt hàng (PO)",
    "po_review": "Đối chiếu PO với báo giá",
    "production_schedule": "Lịch sản xuất",
    "material_procurement": "Mua vật tư",
    "work_instructions": "Hướng dẫn công việc",
    "tooling": "Khuôn, dụng cụ và đồ gá",
    "first_article": "Kiểm tra mẫu đầu (FAI)",
    "fabrication": "Gia công chế tạo",
    "assembly": "Lắp ráp",
    "in_process_qc": "Kiểm tra trong quá trình (IPQC)",
    "final_inspection": "Kiểm tra cuối cùng",
    "functional_test": "Thử nghiệm chức năng",
    "qc_documentation": "Hồ sơ QC và chứng chỉ",
    "qa_release": "QA cho phép xuất hàng",
    "packaging": "Đóng gói và chứng từ giao hàng",
    "shipment": "Vận chuyển",
    "installation": "Lắp đặt và chạy thử",
    "customer_acceptance": "Khách hàng nghiệm thu",
}
STANDARD_LANGUAGES = ("en", "vi")
