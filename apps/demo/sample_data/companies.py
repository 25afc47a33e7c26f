"""Customers (two contacts each, one primary) and suppliers of the two sample factories."""

from __future__ import annotations

from apps.demo.sample_data.specs import CompanySpec, ContactSpec

FACTORY_PULSE_COMPANIES = (
    CompanySpec(
        "toyota", "Toyota Vietnam", "customer", "VN", "Automotive", "https://www.toyota.com.vn",
        "Phuc Thang Ward, Phuc Yen City, Vinh Phuc Province, Vietnam",
        "Vehicle assembly plant; fixtures, stamping dies and brackets for the Vios, Corolla Cross "
        "and Fortuner lines.",
        (
            ContactSpec("Nguyen Thanh Hai", "hai.nguyen@toyota.com.vn", "+84-211-386-8100",
                        "Purchasing Manager", is_primary=True),
            ContactSpec("Kenji Watanabe", "kenji.watanabe@toyota.com.vn", "+84-211-386-8125",
                        "Production Engineering Manager"),
        ),
    ),
    CompanySpec(
        "honda", "Honda Vietnam", "customer", "VN", "Automotive & motorcycles",
        "https://www.honda.com.vn",
        "Phuc Thang Ward, Phuc Yen City, Vinh Phuc Province, Vietnam",
        "Motorcycle and car plants; welding cells, brackets and machined clamps.",
        (
            ContactSpec("Tran Quoc Bao", "bao.tranquoc@honda.com.vn", "+84-211-386-9300",
                        "Supply Chain Manager", is_primary=True),
            ContactSpec("Takeshi Yamamoto", "takeshi.yamamoto@honda.com.vn", "+84-211-386-9342",
                        "Technical Director"),
        ),
    ),
    CompanySpec(
        "boeing", "Boeing Vietnam", "customer", "VN", "Aerospace", "https://www.boeing.com",
        "Sun Wah Tower, 115 Nguyen Hue, District 1, Ho Chi Minh City, Vietnam",
        "Aerostructure brackets and tooling under AS9100; first article inspection to AS9102.",
        (
            ContactSpec("Michael Carter", "michael.carter@boeing.com", "+84-28-3821-9500",
                        "Supplier Quality Manager", is_primary=True),
            ContactSpec("Le Thi Thu Ha", "thuha.le@boeing.com", "+84-28-3821-9517",
                        "Procurement Specialist"),
        ),
    ),
    CompanySpec(
        "samsung", "Samsung Vietnam", "customer", "VN", "Electronics",
        "https://www.samsung.com/vn",
        "Yen Phong 1 Industrial Park, Yen Trung Commune, Bac Ninh Province, Vietnam",
        "Phone and display plants; SMT pallets, handling frames and test fixtures.",
        (
            ContactSpec("Park Ji-hoon", "jihoon.park@samsung.com", "+84-222-369-6000",
                        "Purchasing Director", is_primary=True),
            ContactSpec("Pham Minh Tuan", "tuan.pm@samsung.com", "+84-222-369-6084",
                        "Equipment Engineer"),
        ),
    ),
    CompanySpec(
        "airbus", "Airbus Vietnam", "customer", "VN", "Aerospace", "https://www.airbus.com",
        "Deutsches Haus, 33 Le Duan, District 1, Ho Chi Minh City, Vietnam",
        "Cabin interior fittings and brackets for A321 and A350 programmes.",
        (
            ContactSpec("Sophie Laurent", "sophie.laurent@airbus.com", "+84-28-3822-4400",
                        "Procurement Lead", is_primary=True),
            ContactSpec("Do Quang Vinh", "vinh.do@airbus.com", "+84-28-3822-4431",
                        "Quality Engineer"),
        ),
    ),
    CompanySpec(
        "southern_steel", "Southern Steel Supply JSC", "supplier", "VN", "Steel & metals",
        "https://southernsteel.example.vn",
        "Lot C3, Hiep Phuoc Industrial Park, Nha Be, Ho Chi Minh City, Vietnam",
        "Tool steel (SKD11, S50C), stainless and aluminium plate; cut-to-size service.",
    ),
    CompanySpec(
        "mekong_electronics", "Mekong Electronics Distribution Co., Ltd.", "supplier", "VN",
        "Electronic components", "https://mekongelectronics.example.vn",
        "42 Cong Hoa, Tan Binh District, Ho Chi Minh City, Vietnam",
        "Authorised distributor of servo drives, PLCs, sensors and cabling.",
    ),
)  # fmt: skip

SAIGON_PRECISION_COMPANIES = (
    CompanySpec(
        "mekong_marine", "Mekong Marine Engines JSC", "customer", "VN", "Marine",
        "https://mekongmarine.example.vn",
        "Tra Noc 1 Industrial Park, Binh Thuy, Can Tho, Vietnam",
        "Diesel engines for river and coastal vessels.",
        (
            ContactSpec("Huynh Van Phuc", "phuc.huynh@mekongmarine.example.vn",
                        "+84-292-384-1100", "Purchasing Manager", is_primary=True),
            ContactSpec("Le Ngoc Anh", "anh.le@mekongmarine.example.vn", "+84-292-384-1123",
                        "Design Engineer"),
        ),
    ),
    CompanySpec(
        "dongnai_packaging", "Dong Nai Packaging Machinery Co.", "customer", "VN",
        "Packaging machinery", "https://dongnaipack.example.vn",
        "Bien Hoa 2 Industrial Park, Bien Hoa, Dong Nai, Vietnam",
        "Carton erectors and case packers for food and beverage plants.",
        (
            ContactSpec("Dang Thi Mai", "mai.dang@dongnaipack.example.vn", "+84-251-383-6600",
                        "Operations Director", is_primary=True),
        ),
    ),
)  # fmt: skip
