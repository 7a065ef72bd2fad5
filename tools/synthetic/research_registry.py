# ruff: noqa: E501  (data tables of Vietnamese titles)
"""Synthetic register of provincial S&T task results accepted 2016-2020 (Sở KH&CN An Giang).

Recipient enterprises are drawn from the simulated survey panel (same scale and seed), so
every enterprise recipient's tax code exists in the survey in the receipt year, in a sector
that matches the task.  The chosen firms are marked as treated in the panel
(``panel.treated_from``) so the survey shows a modest productivity / adoption response.
"""

from __future__ import annotations

import datetime as dt
import pathlib

import numpy as np
import xlsxwriter

from pipelines.ingest.contracts import load_contract

from .enterprise_survey import AQUA_FARM, AQUA_PROC, TEXTILE, VSIC_CODES, Panel
from .reference import DISTRICT_NAME

FILENAME = "ket_qua_nhiem_vu_khcn_2016_2020.xlsx"
SYNTHETIC_NOTE = "Dữ liệu MÔ PHỎNG (synthetic), không phải hồ sơ nhiệm vụ thật."


def _headers(table: str) -> list[str]:
    """The first alias of every column of one registry table, as the contract declares them."""
    columns = load_contract("research_registry")["tables"][table]["columns"]
    return [spec["aliases"][0] for spec in columns.values()]


def _sheet(table: str) -> str:
    return str(load_contract("research_registry")["tables"][table]["sheet"])


TASK_HEADERS = _headers("tasks")
RECIPIENT_HEADERS = _headers("recipients")

# (title, field code (Decision 12/2008/QĐ-BKHCN, level 2), recipient tags)
# tags: aqua = fish farms + processors + feed; aquaproc = processors/feed; textile; rice; tour;
#       htx = cooperatives; dist = districts
THEMES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "Giống cây trồng": [
        (
            "Tuyển chọn và phát triển giống lúa chất lượng cao chịu mặn phục vụ vùng lúa xuất khẩu tỉnh An Giang",
            "401",
            ("rice", "htx", "dist"),
        ),
        ("Nghiên cứu phục tráng giống lúa Nàng Nhen Thơm Bảy Núi", "401", ("htx", "dist")),
        (
            "Xây dựng mô hình sản xuất lúa giống cấp xác nhận theo chuỗi giá trị tại huyện Thoại Sơn",
            "401",
            ("rice", "htx"),
        ),
        ("Tuyển chọn giống xoài ghép trên gốc chịu hạn cho vùng Bảy Núi", "401", ("htx", "dist")),
        (
            "Nghiên cứu nhân giống in vitro cây chuối phục vụ sản xuất tại huyện Tri Tôn",
            "406",
            ("htx", "dist"),
        ),
        ("Phục tráng và phát triển giống nếp Phú Tân chất lượng cao", "401", ("rice", "htx")),
        (
            "Khảo nghiệm và tuyển chọn giống mè đen năng suất cao cho vùng ven sông Hậu",
            "401",
            ("htx",),
        ),
        (
            "Chọn tạo giống lúa thơm ngắn ngày thích ứng biến đổi khí hậu cho tỉnh An Giang",
            "401",
            ("rice", "htx"),
        ),
        ("Nghiên cứu nhân giống cây thốt nốt bằng phương pháp nuôi cấy mô", "406", ("htx", "dist")),
        ("Tuyển chọn giống bắp nếp lai phù hợp đất bãi bồi ven sông Tiền", "401", ("htx",)),
        (
            "Xây dựng vườn cây đầu dòng giống bưởi và cam sành tại huyện Chợ Mới",
            "401",
            ("htx", "dist"),
        ),
        ("Tuyển chọn giống rau màu chịu nhiệt cho vùng chuyên canh huyện Chợ Mới", "401", ("htx",)),
        ("Phục tráng giống lúa Jasmine 85 tại An Giang", "401", ("rice", "htx")),
    ],
    "Dược liệu": [
        (
            "Nghiên cứu quy trình trồng và chế biến cây đinh lăng theo hướng GACP tại vùng Bảy Núi",
            "303",
            ("htx", "dist"),
        ),
        (
            "Bảo tồn và phát triển nguồn gen cây thuốc quý vùng núi Cấm, thị xã Tịnh Biên",
            "303",
            ("dist",),
        ),
        ("Nghiên cứu chiết xuất hoạt chất từ cây nghệ đen trồng tại An Giang", "303", ("htx",)),
        ("Xây dựng mô hình trồng cây sâm bố chính dưới tán rừng núi Tô", "401", ("htx", "dist")),
        (
            "Điều tra, đánh giá nguồn dược liệu vùng Bảy Núi và đề xuất giải pháp phát triển",
            "303",
            ("dist",),
        ),
        ("Nghiên cứu quy trình nhân giống và trồng cây ngải bún", "401", ("htx",)),
        ("Phát triển sản phẩm trà túi lọc từ cây dược liệu địa phương", "211", ("htx",)),
        ("Nghiên cứu bào chế cao chiết từ cây rau đắng đất", "303", ("htx",)),
        (
            "Xây dựng mô hình trồng cây dược liệu xen canh trên đất lúa kém hiệu quả",
            "401",
            ("htx", "dist"),
        ),
    ],
    "Thủy sản": [
        (
            "Nghiên cứu quy trình sản xuất giống cá tra 3 cấp chất lượng cao tại An Giang",
            "405",
            ("aqua", "dist"),
        ),
        ("Ứng dụng công nghệ nuôi cá tra thâm canh tuần hoàn tiết kiệm nước", "405", ("aqua",)),
        (
            "Xây dựng mô hình nuôi cá lóc trong bể lót bạt theo hướng VietGAP",
            "405",
            ("aqua", "htx"),
        ),
        ("Nghiên cứu sản xuất giống nhân tạo cá chạch lấu", "405", ("aqua", "htx")),
        ("Nghiên cứu sinh sản nhân tạo và ương nuôi cá leo", "405", ("aqua",)),
        (
            "Xây dựng mô hình nuôi tôm càng xanh toàn đực luân canh trên ruộng lúa",
            "405",
            ("aqua", "htx", "dist"),
        ),
        (
            "Nghiên cứu quy trình nuôi cá thát lát cườm thương phẩm trong ao đất",
            "405",
            ("aqua", "htx"),
        ),
        ("Ứng dụng chế phẩm sinh học xử lý môi trường ao nuôi cá tra", "405", ("aqua",)),
        (
            "Nghiên cứu sản xuất thức ăn công nghiệp cho cá lóc từ phụ phẩm cá tra",
            "405",
            ("aquaproc",),
        ),
        (
            "Phát triển chuỗi giá trị cá tra đạt chứng nhận ASC cho doanh nghiệp trên địa bàn tỉnh",
            "405",
            ("aqua",),
        ),
        ("Nghiên cứu quy trình nuôi lươn không bùn thương phẩm", "405", ("htx", "dist")),
        ("Chọn lọc nâng cao tốc độ tăng trưởng đàn cá tra bố mẹ", "405", ("aqua",)),
        (
            "Nghiên cứu giải pháp phòng bệnh gan thận mủ trên cá tra nuôi thâm canh",
            "405",
            ("aqua",),
        ),
        (
            "Ứng dụng công nghệ chế biến sâu phụ phẩm cá tra thành collagen và gelatin",
            "211",
            ("aquaproc",),
        ),
        ("Xây dựng mô hình nuôi cá rô đồng mật độ cao đạt chuẩn VietGAP", "405", ("aqua", "htx")),
    ],
    "Di sản văn hóa": [
        ("Nghiên cứu, bảo tồn và phát huy giá trị văn hóa Óc Eo - Ba Thê", "601", ("dist",)),
        (
            "Sưu tầm, biên soạn và số hóa kho tàng văn học dân gian Khmer vùng Bảy Núi",
            "602",
            ("dist",),
        ),
        (
            "Bảo tồn nghề dệt thổ cẩm truyền thống của đồng bào Chăm tại huyện An Phú và thị xã Tân Châu",
            "604",
            ("dist", "htx"),
        ),
        (
            "Nghiên cứu lễ hội Đua bò Bảy Núi của đồng bào Khmer và giải pháp bảo tồn",
            "601",
            ("dist",),
        ),
        (
            "Bảo tồn và phát huy nghệ thuật sân khấu Dù kê của đồng bào Khmer An Giang",
            "604",
            ("dist",),
        ),
        (
            "Nghiên cứu kiến trúc chùa Khmer vùng Tri Tôn - Tịnh Biên phục vụ bảo tồn di tích",
            "601",
            ("dist",),
        ),
        ("Số hóa hiện vật văn hóa Óc Eo tại Bảo tàng tỉnh An Giang", "601", ("dist",)),
        (
            "Nghiên cứu tín ngưỡng thờ Bà Chúa Xứ Núi Sam và giá trị di sản văn hóa phi vật thể",
            "603",
            ("dist",),
        ),
        ("Bảo tồn nghề làm đường thốt nốt truyền thống của đồng bào Khmer", "601", ("dist", "htx")),
    ],
    "Chuyển dịch cơ cấu kinh tế": [
        (
            "Cơ sở khoa học cho tái cơ cấu ngành nông nghiệp tỉnh An Giang theo hướng nâng cao giá trị gia tăng",
            "502",
            ("dist",),
        ),
        (
            "Nghiên cứu giải pháp chuyển dịch cơ cấu lao động nông thôn tỉnh An Giang đến năm 2025",
            "502",
            ("dist",),
        ),
        (
            "Cơ sở khoa học phát triển công nghiệp chế biến nông thủy sản tỉnh An Giang",
            "502",
            ("aquaproc", "dist"),
        ),
        (
            "Đánh giá năng suất lao động các ngành kinh tế tỉnh An Giang và giải pháp nâng cao",
            "502",
            ("textile", "dist"),
        ),
        (
            "Nghiên cứu mô hình liên kết sản xuất - tiêu thụ lúa gạo theo chuỗi giá trị",
            "502",
            ("rice", "htx"),
        ),
        (
            "Giải pháp phát triển ngành dệt may tỉnh An Giang trong bối cảnh hội nhập",
            "502",
            ("textile",),
        ),
        (
            "Cơ sở khoa học cho quy hoạch vùng nuôi cá tra tập trung tỉnh An Giang",
            "507",
            ("aqua", "dist"),
        ),
        (
            "Nghiên cứu chuyển đổi cơ cấu cây trồng trên đất lúa vùng thượng nguồn sông Hậu",
            "502",
            ("dist", "htx"),
        ),
    ],
    "Công nghệ 4.0": [
        ("Ứng dụng IoT giám sát chất lượng nước ao nuôi cá tra", "202", ("aqua",)),
        (
            "Xây dựng hệ thống truy xuất nguồn gốc sản phẩm cá tra xuất khẩu ứng dụng blockchain",
            "102",
            ("aquaproc",),
        ),
        ("Ứng dụng IoT quản lý năng suất chuyền may tại doanh nghiệp dệt may", "202", ("textile",)),
        ("Xây dựng hệ thống truy xuất nguồn gốc nông sản tỉnh An Giang", "102", ("rice", "htx")),
        ("Ứng dụng trí tuệ nhân tạo dự báo sâu bệnh hại lúa", "102", ("htx", "dist")),
        ("Ứng dụng thiết bị bay không người lái trong canh tác lúa", "202", ("rice", "htx")),
        ("Xây dựng nền tảng số quản lý vùng nuôi thủy sản", "102", ("aqua", "dist")),
        (
            "Ứng dụng hệ thống quản lý sản xuất (MES) cho nhà máy chế biến thủy sản",
            "202",
            ("aquaproc",),
        ),
        ("Số hóa quy trình kiểm soát chất lượng sản phẩm may mặc xuất khẩu", "102", ("textile",)),
    ],
    "Tiêu chuẩn, quy chuẩn": [
        (
            "Xây dựng tiêu chuẩn cơ sở cho sản phẩm khô cá tra phồng An Giang",
            "211",
            ("aquaproc", "htx"),
        ),
        (
            "Hỗ trợ doanh nghiệp chế biến thủy sản áp dụng hệ thống quản lý ISO 22000 và HACCP",
            "211",
            ("aquaproc",),
        ),
        (
            "Hỗ trợ doanh nghiệp dệt may áp dụng công cụ Lean và 5S nâng cao năng suất",
            "502",
            ("textile",),
        ),
        ("Xây dựng quy chuẩn kỹ thuật địa phương về cơ sở sản xuất giống cá tra", "405", ("aqua",)),
        ("Xây dựng và quản lý chỉ dẫn địa lý gạo Nàng Nhen Thơm Bảy Núi", "502", ("htx", "dist")),
        ("Xây dựng bộ tiêu chí đánh giá sản phẩm OCOP tỉnh An Giang", "502", ("htx",)),
        (
            "Hỗ trợ doanh nghiệp áp dụng tiêu chuẩn ASC và BAP trong nuôi và chế biến cá tra",
            "405",
            ("aqua",),
        ),
        (
            "Hỗ trợ doanh nghiệp dệt may áp dụng hệ thống quản lý ISO 9001 và ISO 14001",
            "502",
            ("textile",),
        ),
    ],
    "Du lịch": [
        (
            "Phát triển sản phẩm du lịch cộng đồng gắn với văn hóa Khmer vùng Bảy Núi",
            "507",
            ("tour", "dist"),
        ),
        ("Xây dựng sản phẩm du lịch sinh thái rừng tràm Trà Sư", "507", ("tour", "dist")),
        ("Phát triển du lịch tâm linh Núi Sam gắn với bảo tồn di sản", "507", ("tour", "dist")),
        ("Xây dựng bộ nhận diện và sản phẩm đặc trưng du lịch An Giang", "502", ("tour",)),
        (
            "Phát triển du lịch nông nghiệp gắn với làng nghề dệt thổ cẩm Châu Phong",
            "507",
            ("htx", "dist"),
        ),
        ("Xây dựng tuyến du lịch đường sông kết nối Châu Đốc - Tân Châu", "507", ("tour", "dist")),
        ("Ứng dụng thực tế ảo quảng bá điểm đến du lịch An Giang", "102", ("tour",)),
        ("Phát triển ẩm thực đặc sản An Giang thành sản phẩm du lịch", "502", ("tour", "htx")),
    ],
}
THEME_COUNTS = {
    "Giống cây trồng": 11,
    "Dược liệu": 8,
    "Thủy sản": 15,
    "Di sản văn hóa": 8,
    "Chuyển dịch cơ cấu kinh tế": 8,
    "Công nghệ 4.0": 9,
    "Tiêu chuẩn, quy chuẩn": 8,
    "Du lịch": 8,
}

HOSTS = {
    "Giống cây trồng": [
        "Trường Đại học An Giang",
        "Trung tâm Khuyến nông An Giang",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ An Giang",
        "Trường Đại học Cần Thơ",
    ],
    "Dược liệu": [
        "Trường Đại học An Giang",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ An Giang",
        "Trường Đại học Cần Thơ",
    ],
    "Thủy sản": [
        "Chi cục Thủy sản An Giang",
        "Trường Đại học Cần Thơ",
        "Trường Đại học An Giang",
        "Trung tâm Giống thủy sản An Giang",
        "Viện Nghiên cứu Nuôi trồng Thủy sản II",
    ],
    "Di sản văn hóa": [
        "Bảo tàng tỉnh An Giang",
        "Trường Đại học An Giang",
        "Viện Khoa học Xã hội vùng Nam Bộ",
    ],
    "Chuyển dịch cơ cấu kinh tế": [
        "Trường Đại học An Giang",
        "Viện Khoa học Xã hội vùng Nam Bộ",
        "Trường Đại học Kinh tế Thành phố Hồ Chí Minh",
    ],
    "Công nghệ 4.0": [
        "Trường Đại học An Giang",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ An Giang",
        "Trường Đại học Cần Thơ",
    ],
    "Tiêu chuẩn, quy chuẩn": [
        "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng An Giang",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng An Giang",
    ],
    "Du lịch": [
        "Trường Đại học An Giang",
        "Trung tâm Xúc tiến Thương mại và Đầu tư An Giang",
        "Viện Khoa học Xã hội vùng Nam Bộ",
    ],
}
PRODUCTS = {
    "Giống cây trồng": [
        "giống lúa/giống cây trồng được công nhận",
        "quy trình canh tác",
        "mô hình trình diễn 5 ha",
        "quy trình nhân giống",
        "vườn giống đầu dòng",
    ],
    "Dược liệu": [
        "quy trình trồng dược liệu",
        "quy trình chiết xuất",
        "tiêu chuẩn cơ sở sản phẩm",
        "mô hình trồng thử nghiệm",
        "bộ mẫu tiêu bản",
    ],
    "Thủy sản": [
        "quy trình sản xuất giống",
        "quy trình nuôi thương phẩm",
        "mô hình trình diễn",
        "đàn cá bố mẹ chọn lọc",
        "tiêu chuẩn cơ sở",
        "quy trình chế biến",
    ],
    "Di sản văn hóa": [
        "bộ hồ sơ khoa học di sản",
        "cơ sở dữ liệu số hóa",
        "sách chuyên khảo",
        "phim tư liệu",
        "đề án bảo tồn",
    ],
    "Chuyển dịch cơ cấu kinh tế": [
        "báo cáo cơ sở khoa học",
        "đề xuất chính sách",
        "bộ cơ sở dữ liệu",
        "mô hình dự báo",
    ],
    "Công nghệ 4.0": [
        "phần mềm/nền tảng số",
        "hệ thống thiết bị IoT",
        "mô hình ứng dụng thí điểm",
        "tài liệu hướng dẫn vận hành",
    ],
    "Tiêu chuẩn, quy chuẩn": [
        "tiêu chuẩn cơ sở",
        "quy chuẩn kỹ thuật địa phương",
        "mô hình áp dụng tại doanh nghiệp",
        "tài liệu hướng dẫn áp dụng",
    ],
    "Du lịch": [
        "sản phẩm du lịch mới",
        "bản đồ/tuyến điểm du lịch",
        "bộ nhận diện",
        "ấn phẩm quảng bá",
    ],
}
THEME_DISTRICTS = {
    "Giống cây trồng": ["894", "889", "888", "892", "891"],
    "Dược liệu": ["890", "891"],
    "Thủy sản": ["887", "888", "889", "893", "884", "886"],
    "Di sản văn hóa": ["891", "890", "894", "886", "887", "884"],
    "Chuyển dịch cơ cấu kinh tế": ["883", "893", "894", "889"],
    "Công nghệ 4.0": ["883", "889", "894"],
    "Tiêu chuẩn, quy chuẩn": ["890", "891"],
    "Du lịch": ["884", "890", "891", "887"],
}
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Châu",
    "Thạch",
    "Trương",
    "Phan",
    "Lâm",
]
MIDDLE_M = ["Văn", "Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Ngọc", "Công"]
MIDDLE_F = ["Thị", "Ngọc", "Thanh", "Kim", "Thu", "Mỹ"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hùng",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Tâm",
    "Trung",
    "Tuấn",
    "Hải",
    "Hiếu",
    "Khoa",
    "Thắng",
    "Phong",
    "Sơn",
]
GIVEN_F = [
    "Hương",
    "Lan",
    "Thảo",
    "Vân",
    "Yến",
    "Hạnh",
    "Trang",
    "Nhung",
    "Phượng",
    "Diễm",
    "Loan",
    "Ngân",
]
HTX_WORDS = [
    "Nông nghiệp",
    "Dịch vụ Nông nghiệp",
    "Thủy sản",
    "Nông nghiệp Công nghệ cao",
    "Dệt thổ cẩm",
]
HTX_PLACES = [
    "Tân Phú",
    "Vĩnh Thạnh",
    "Mỹ Hòa",
    "Bình Thạnh",
    "Phú Thuận",
    "An Hòa",
    "Long Điền",
    "Vĩnh Lợi",
    "Châu Phong",
    "Lương An Trà",
    "Định Thành",
    "Phú Hiệp",
    "Ô Lâm",
    "Vĩnh Gia",
    "Bình Phước",
    "Tân Tuyến",
    "Cô Tô",
    "Hòa Bình",
    "Kiến Thành",
    "Thoại Giang",
]


def _tag_sectors(tag: str) -> set[str]:
    return {
        "aqua": AQUA_FARM | AQUA_PROC,
        "aquaproc": AQUA_PROC,
        "textile": TEXTILE,
        "rice": {"01110"},
        "tour": {"55101", "56101"},
    }.get(tag, set())


def _add_months(d: dt.date, months: int, day: int | None = None) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, min(day or d.day, 28))


def build_registry(panel: Panel, seed: int = 2022):
    """Return (tasks, recipients) rows and mark treated firms in ``panel``."""
    rng = np.random.default_rng([seed, 31])
    sector_code = np.array(VSIC_CODES)[panel.sector]
    themes = []
    for theme, k in THEME_COUNTS.items():
        sel = rng.choice(len(THEMES[theme]), size=k, replace=False)
        themes += [(theme, *THEMES[theme][j]) for j in sorted(sel)]
    order = rng.permutation(len(themes))
    themes = [themes[j] for j in order]
    n = len(themes)
    # acceptance dates spread over 2016-2020 (about 15 per year)
    years = np.repeat(np.arange(2016, 2021), int(np.ceil(n / 5)))[:n]
    accept = sorted(
        dt.date(int(y), int(rng.integers(1, 13)), int(rng.integers(1, 29))) for y in years
    )
    htx_pool = [
        (
            f"HTX-{k + 1:03d}",
            f"Hợp tác xã {HTX_WORDS[int(rng.integers(len(HTX_WORDS)))]} {HTX_PLACES[k % len(HTX_PLACES)]}",
        )
        for k in range(24)
    ]
    tasks, recips = [], []
    used_firms: dict[int, int] = {}
    per_year_seq: dict[int, int] = {}
    for (theme, title, field, tags), acc in zip(themes, accept, strict=False):
        per_year_seq[acc.year] = per_year_seq.get(acc.year, 0) + 1
        code = f"AG-{acc.year}-{per_year_seq[acc.year]:02d}"
        start = _add_months(acc, -int(rng.integers(18, 40)), int(rng.integers(1, 29)))
        end = _add_months(acc, -int(rng.integers(1, 5)), int(rng.integers(1, 29)))
        budget = int(round(float(np.exp(rng.uniform(np.log(200), np.log(3000)))) / 5) * 5)
        male = rng.random() < 0.7
        person = " ".join(
            [
                FAMILY[int(rng.integers(len(FAMILY)))],
                (MIDDLE_M if male else MIDDLE_F)[int(rng.integers(6))],
                (GIVEN_M if male else GIVEN_F)[int(rng.integers(12))],
            ]
        )
        prods = PRODUCTS[theme]
        k = int(rng.integers(2, 4))
        items = [
            prods[j] for j in sorted(rng.choice(len(prods), size=min(k, len(prods)), replace=False))
        ]
        items.append(f"{int(rng.integers(1, 5)):02d} bài báo khoa học")
        u = rng.random()
        firm_tags = [t for t in tags if t not in ("htx", "dist")]
        p_done = 0.72 if firm_tags else 0.55
        status = (
            "Đã chuyển giao"
            if u < p_done
            else ("Đang chuyển giao" if u < p_done + 0.17 else "Chưa chuyển giao")
        )
        tasks.append(
            [
                code,
                title,
                theme,
                field,
                HOSTS[theme][int(rng.integers(len(HOSTS[theme])))],
                person,
                start,
                end,
                acc,
                budget,
                "; ".join(items),
                status,
                SYNTHETIC_NOTE,
            ]
        )
        if status == "Chưa chuyển giao":
            continue
        only_firms = bool(firm_tags) and not [t for t in tags if t in ("htx", "dist")]
        n_rec = int(rng.integers(1, 3)) if only_firms else int(rng.integers(1, 6))
        for r in range(n_rec):
            recv = _add_months(acc, int(rng.integers(1, 15)), int(rng.integers(1, 29)))
            role = (
                "Ứng dụng thử nghiệm"
                if status == "Đang chuyển giao"
                else ("Tiếp nhận chuyển giao" if r < 2 else "Nhân rộng")
            )
            other = [t for t in tags if t in ("htx", "dist")] or ["htx"]
            if firm_tags and (only_firms or rng.random() < 0.35):
                kind = firm_tags[int(rng.integers(len(firm_tags)))]
            else:
                kind = other[int(rng.integers(len(other)))]
            if kind in firm_tags:
                secs = _tag_sectors(kind)
                y = recv.year
                ok = (
                    np.isin(sector_code, list(secs))
                    & (panel.entry <= max(y - 1, 2016))
                    & (panel.exit > y)
                )
                cand = np.nonzero(ok)[0]
                cand = np.array(
                    [c for c in cand if c not in used_firms or rng.random() < 0.15], dtype=np.int64
                )
                if len(cand):
                    # larger firms are more likely to take up results
                    w = np.exp(0.5 * panel.logsize0[cand])
                    i = int(cand[rng.choice(len(cand), p=w / w.sum())])
                    used_firms[i] = min(used_firms.get(i, 9999), y)
                    recips.append(
                        [code, "Doanh nghiệp", panel.tax_code(i), panel.name(i, y), recv, role]
                    )
                    continue
                kind = "htx"
            if kind == "dist":
                d = THEME_DISTRICTS[theme][int(rng.integers(len(THEME_DISTRICTS[theme])))]
                recips.append([code, "Huyện", d, f"UBND {DISTRICT_NAME[d]}", recv, role])
            else:
                hc, hn = htx_pool[int(rng.integers(len(htx_pool)))]
                recips.append([code, "Hợp tác xã", hc, hn, recv, role])
    for i, y in used_firms.items():
        panel.treated_from[i] = y
    # drop duplicate (task, recipient) pairs, keep first
    seen, uniq = set(), []
    for row in recips:
        key = (row[0], row[2])
        if key not in seen:
            seen.add(key)
            uniq.append(row)
    return tasks, uniq


def write_registry(tasks, recips, out_dir: pathlib.Path) -> dict[str, int]:
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(out_dir / FILENAME))
    wb.set_properties(
        {
            "title": "Kết quả nhiệm vụ KH&CN cấp tỉnh nghiệm thu 2016-2020 (dữ liệu mô phỏng)",
            "comments": "SYNTHETIC data - " + SYNTHETIC_NOTE,
            "author": "tools.synthetic",
            "created": dt.datetime(2025, 6, 30),
        }
    )
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    bold = wb.add_format({"bold": True})
    for sheet, headers, rows in (
        (_sheet("tasks"), TASK_HEADERS, tasks),
        (_sheet("recipients"), RECIPIENT_HEADERS, recips),
    ):
        ws = wb.add_worksheet(sheet)
        ws.write_row(0, 0, headers, bold)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write_number(r, c, v)
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 60 if sheet == "NHIEM_VU" else 16)
    wb.close()
    return {FILENAME: len(tasks) + len(recips)}
