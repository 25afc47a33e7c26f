"""The two sample factories (SPEC section 9): Factory Pulse Vietnam with the full story, and a
small second tenant so isolation can be seen in the browser."""

from __future__ import annotations

from apps.demo.sample_data import companies, people, projects, records
from apps.demo.sample_data.specs import TenantSpec

FACTORY_PULSE = TenantSpec(
    name="Factory Pulse Vietnam Co., Ltd.",
    slug="factory-pulse-vietnam",
    country="VN",
    timezone="Asia/Ho_Chi_Minh",
    admin="admin@factorypulse.com",
    users=people.FACTORY_PULSE_USERS,
    companies=companies.FACTORY_PULSE_COMPANIES,
    projects=projects.FACTORY_PULSE_PROJECTS,
    documents=records.DOCUMENTS,
    threads=records.THREADS,
    notifications=records.NOTIFICATIONS,
    approvers=records.APPROVERS,
    website="https://www.factorypulse.com",
    address="Lot B2, Tan Thuan Export Processing Zone, District 7, Ho Chi Minh City, Vietnam",
)

SAIGON_PRECISION = TenantSpec(
    name="Saigon Precision Works",
    slug="saigon-precision",
    country="VN",
    timezone="Asia/Ho_Chi_Minh",
    admin="admin@saigonprecision.vn",
    users=people.SAIGON_PRECISION_USERS,
    companies=companies.SAIGON_PRECISION_COMPANIES,
    projects=projects.SAIGON_PRECISION_PROJECTS,
    industry="Precision machining",
    language="vi",  # a Vietnamese-speaking shop: its workflow reads "Tiếp nhận yêu cầu", …
    address="Lot 12, Song Than 2 Industrial Park, Di An, Binh Duong, Vietnam",
)

SAMPLE_TENANTS = (FACTORY_PULSE, SAIGON_PRECISION)
SAMPLE_PASSWORD = "FactoryPulse@2025"  # noqa: S105 - the documented sample password (SPEC 9)
SIGN_IN_EMAIL = "john.smith@factorypulse.com"
