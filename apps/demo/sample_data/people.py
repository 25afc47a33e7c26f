"""The staff of the two sample factories.

Factory Pulse Vietnam has the 15 people SPEC section 9 asks for, covering every role: seed 1's
staff with their names, departments, preferences and reporting lines, except Ly Van K (seed 1's
second production hand), whose place goes to the admin, logistics and auditor people seed 1 lacks.
Mary Johnson has the finance role (seed 1: management in Finance) so that role is covered too.
"""

from __future__ import annotations

from apps.demo.sample_data.specs import UserSpec

NY = "America/New_York"
FP = "@factorypulse.com"

FACTORY_PULSE_USERS = (
    UserSpec(f"admin{FP}", "Mai Van Long", "admin", "IT & Administration", "FPV-0001",
             "+84-28-3820-1001", manager=f"le.van.c{FP}", joined_days_ago=1100),
    UserSpec(f"john.smith{FP}", "John Smith", "management", "Executive", "FPV-0002",
             "+1-212-555-0142", timezone=NY, language="en", joined_days_ago=1095),
    UserSpec(f"mary.johnson{FP}", "Mary Johnson", "finance", "Finance", "FPV-0003",
             "+1-212-555-0178", timezone=NY, language="en", manager=f"john.smith{FP}",
             joined_days_ago=912),
    UserSpec(f"nguyen.van.a{FP}", "Nguyen Van A", "management", "Operations", "FPV-0004",
             "+84-90-312-4501", manager=f"john.smith{FP}", joined_days_ago=730),
    UserSpec(f"tran.thi.b{FP}", "Tran Thi B", "management", "Quality", "FPV-0005",
             "+84-90-312-4502", manager=f"john.smith{FP}", joined_days_ago=657),
    UserSpec(f"le.van.c{FP}", "Le Van C", "management", "Engineering", "FPV-0006",
             "+84-90-312-4503", manager=f"john.smith{FP}", joined_days_ago=548),
    UserSpec(f"pham.thi.d{FP}", "Pham Thi D", "sales", "Sales", "FPV-0007",
             "+84-90-312-4504", manager=f"nguyen.van.a{FP}", joined_days_ago=438),
    UserSpec(f"hoang.van.e{FP}", "Hoang Van E", "procurement", "Procurement", "FPV-0008",
             "+84-90-312-4505", manager=f"nguyen.van.a{FP}", joined_days_ago=365),
    UserSpec(f"vu.thi.f{FP}", "Vu Thi F", "sales", "Sales", "FPV-0009",
             "+84-90-312-4506", manager=f"nguyen.van.a{FP}", joined_days_ago=304),
    UserSpec(f"dinh.van.g{FP}", "Dinh Van G", "engineering", "Engineering", "FPV-0010",
             "+84-90-312-4507", manager=f"le.van.c{FP}", joined_days_ago=243),
    UserSpec(f"bui.thi.h{FP}", "Bui Thi H", "qa", "Quality", "FPV-0011",
             "+84-90-312-4508", manager=f"tran.thi.b{FP}", joined_days_ago=182),
    UserSpec(f"ngo.van.i{FP}", "Ngo Van I", "qa", "Quality", "FPV-0012",
             "+84-90-312-4509", manager=f"tran.thi.b{FP}", joined_days_ago=122),
    UserSpec(f"do.thi.j{FP}", "Do Thi J", "production", "Production", "FPV-0013",
             "+84-90-312-4510", manager=f"nguyen.van.a{FP}", joined_days_ago=91),
    UserSpec(f"truong.van.m{FP}", "Truong Van M", "logistics", "Logistics", "FPV-0014",
             "+84-90-312-4511", manager=f"nguyen.van.a{FP}", joined_days_ago=400),
    UserSpec(f"phan.thi.n{FP}", "Phan Thi N", "auditor", "Internal Audit", "FPV-0015",
             "+84-90-312-4512", manager=f"john.smith{FP}", joined_days_ago=210),
)  # fmt: skip

SP = "@saigonprecision.vn"

SAIGON_PRECISION_USERS = (
    UserSpec(f"admin{SP}", "Lam Quoc Bao", "admin", "Administration", "SPW-001",
             "+84-28-3715-2201", joined_days_ago=500),
    UserSpec(f"vo.thanh.long{SP}", "Vo Thanh Long", "management", "Management", "SPW-002",
             "+84-91-845-2202", joined_days_ago=480),
    UserSpec(f"nguyen.thi.hoa{SP}", "Nguyen Thi Hoa", "sales", "Sales", "SPW-003",
             "+84-91-845-2203", manager=f"vo.thanh.long{SP}", joined_days_ago=300),
    UserSpec(f"tran.minh.duc{SP}", "Tran Minh Duc", "engineering", "Engineering", "SPW-004",
             "+84-91-845-2204", manager=f"vo.thanh.long{SP}", joined_days_ago=250),
)  # fmt: skip
