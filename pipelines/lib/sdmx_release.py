"""The statisticians' release: the main marts as SDMX dataflows, written and read with pysdmx.

Each publication writes, beside the DuckDB file, a folder with one SDMX-ML 3.0 structure message
(`structure.xml`: the agency, the concept scheme, the codelists, one data structure definition
and the dataflows) and one SDMX-CSV 2.0 file per dataflow (`<dataflow id>.csv`). SDMX 3.0 and
SDMX-CSV 2.0 belong together (the CSV names its dataflow in the structure's own terms), and
pysdmx, the SDMX community's Python library, writes and reads both.

Choices the SDMX files rest on, and why:

- **Agency `VN_AG_DOST`**: the Department of Science and Technology of An Giang (Sở Khoa học và
  Công nghệ), which commissioned the database and reviews its targets; `VN_` keeps the id apart
  from other countries' agencies. A top-level agency is declared in the agency scheme maintained
  by `SDMX`, as SDMX registries do. Every artefact is version 1.0 and not final: the codelists
  hold the codes each release uses, so they grow when the data do.
- **One dataflow per mart, one data structure for all of them.** Each mart has its own grain,
  source and origin — the office's real PX-Web figures are never mixed with the synthetic
  yearbook's (README, "Where every number comes from") — so a statistician downloads the subject
  they need; but every figure is the same kind of observation (an area, an activity, an
  indicator, a price basis and a unit in a period), so one DSD and one set of codelists make the
  dataflows comparable and stackable.
- **Codes are the marts' own** (geography_code, sector_code, indicator_code, price_basis,
  obs_status, ...), so an observation joins back to its mart row; the indicators the marts hold
  as columns get codes named after the columns (`labour_productivity`, `tfp_growth`, ...), with
  the price basis and the unit factored out into their own dimensions.
- **Money stays in million VND**, as in the marts: UNIT_MEASURE `VND` with UNIT_MULT 6, the SDMX
  way of saying millions, so every OBS_VALUE equals its mart value exactly.
- **Only observations**: a NULL measure is no observation (not applicable, or not computable,
  e.g. growth across the 2020 employment-definition break; its row's flag, B, is on the levels
  that are published), except where disclosure control withholds it: a confidential cell
  (conf_status not F, or obs_status Q) is an observation with its flags and an empty OBS_VALUE,
  never a value. Targets, gaps and statuses (the scorecard's and Decision 36's) are policy
  assessments, not observations: they stay in the marts and the officials' workbook.
- **Decision 36** averages over a period: TIME_PERIOD is an SDMX time range (`2021-01-01/P4Y` =
  2021-2024, the years of growth counted), so its labour-productivity growth and TFP share are
  the same indicators as the annual ones, over a longer period.
- **Names in English and Vietnamese**: pysdmx (1.21) writes every name with `xml:lang="en"`, so
  the Vietnamese names are added as `xml:lang="vi"` elements after it has written the message,
  and a name the data have only in Vietnamese (every area's) is labelled `vi`.
- **Read back before it is handed over**: pysdmx reads the structure (validated against the
  SDMX-ML 3.0 schemas) and every data file with it, and each observation must come back as
  written (see _check_read_back for what pysdmx's CSV reader can get wrong).

pysdmx's `data` extra is not installed (it caps pyarrow below 26); what its data functions need,
pandas and pyarrow, is installed, and the round trip is tested (tests/test_sdmx_release.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.ingest.contracts import reference_rows

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    from pysdmx.io.pd import PandasDataset
    from pysdmx.model import Codelist, Component
    from pysdmx.model.message import Message

AGENCY_ID = "VN_AG_DOST"
AGENCY_NAME = (
    "Department of Science and Technology of An Giang province",
    "Sở Khoa học và Công nghệ tỉnh An Giang",
)
VERSION = "1.0"
STRUCTURE_FILE = "structure.xml"
CONCEPT_SCHEME_ID = "CS_PRODUCTIVITY"
DSD_ID = "DSD_PRODUCTIVITY"
DSD_NAME = ("Productivity statistics of An Giang province", "Thống kê năng suất tỉnh An Giang")
FREQUENCY = "A"  # every mart is annual; Decision 36's periods are annual rates over a range

DIMENSIONS = (
    "FREQ",
    "REF_AREA",
    "ACTIVITY",
    "INDICATOR",
    "PRICE_BASIS",
    "UNIT_MEASURE",
    "TIME_PERIOD",
)
ATTRIBUTES = ("OBS_STATUS", "CONF_STATUS", "UNIT_MULT", "BASE_PER", "DATA_ORIGIN", "RELEASE_ID")
COLUMNS = (*DIMENSIONS, "OBS_VALUE", *ATTRIBUTES)

# concept id -> (English, Vietnamese, codelist id or None). The ids are those of the SDMX
# cross-domain concepts where one exists (FREQ, REF_AREA, ..., BASE_PER), so a statistician's
# tools recognise them.
CONCEPTS: dict[str, tuple[str, str, str | None]] = {
    "FREQ": ("Frequency", "Tần suất", "CL_FREQ"),
    "REF_AREA": ("Reference area", "Địa bàn", "CL_AREA"),
    "ACTIVITY": ("Economic activity", "Ngành kinh tế", "CL_ACTIVITY"),
    "INDICATOR": ("Indicator", "Chỉ tiêu", "CL_INDICATOR"),
    "PRICE_BASIS": ("Price basis", "Loại giá", "CL_PRICE_BASIS"),
    "UNIT_MEASURE": ("Unit of measure", "Đơn vị tính", "CL_UNIT_MEASURE"),
    "TIME_PERIOD": ("Time period", "Thời kỳ", None),
    "OBS_VALUE": ("Observation value", "Giá trị quan sát", None),
    "OBS_STATUS": ("Observation status", "Trạng thái quan sát", "CL_OBS_STATUS"),
    "CONF_STATUS": ("Confidentiality status", "Trạng thái bảo mật", "CL_CONF_STATUS"),
    "UNIT_MULT": (
        "Unit multiplier (power of 10)",
        "Hệ số nhân của đơn vị (lũy thừa của 10)",
        "CL_UNIT_MULT",
    ),
    "BASE_PER": (
        "Base period: base year of the constant prices or of the index",
        "Năm gốc: năm gốc của giá so sánh hoặc của chỉ số",
        None,
    ),
    "DATA_ORIGIN": (
        "Data origin: real or synthetic",
        "Nguồn gốc dữ liệu: thật hoặc mô phỏng",
        "CL_DATA_ORIGIN",
    ),
    "RELEASE_ID": (
        "Release (edition) of the productivity database the data were published in",
        "Đợt công bố của cơ sở dữ liệu năng suất",
        None,
    ),
}

USED = "The codes this release's dataflows use"
# codelist id -> (English name, Vietnamese name, English description)
CODELISTS: dict[str, tuple[str, str, str | None]] = {
    "CL_FREQ": ("Frequency", "Tần suất", None),
    "CL_AREA": (
        "Reference areas",
        "Địa bàn",
        f"{USED}, named from marts.dim_geography (geography_code)",
    ),
    "CL_ACTIVITY": (
        "Economic activities",
        "Ngành kinh tế",
        f"{USED}, named from marts.dim_sector (sector_code; key sectors by their groups)",
    ),
    "CL_INDICATOR": ("Indicators", "Chỉ tiêu", USED),
    "CL_PRICE_BASIS": ("Price bases", "Loại giá", f"{USED} (the marts' price_basis)"),
    "CL_UNIT_MEASURE": ("Units of measure", "Đơn vị tính", USED),
    "CL_UNIT_MULT": (
        "Unit multipliers",
        "Hệ số nhân của đơn vị",
        "Exponent of 10 by which OBS_VALUE is multiplied (6: millions), as SDMX:CL_UNIT_MULT",
    ),
    "CL_OBS_STATUS": ("Observation status", "Trạng thái quan sát", None),
    "CL_CONF_STATUS": ("Confidentiality status", "Trạng thái bảo mật", None),
    "CL_DATA_ORIGIN": ("Data origin", "Nguồn gốc dữ liệu", None),
}
# the two flag lists follow the SDMX cross-domain code lists; their codes and names are read
# from the product's reference files, never retyped
STATUS_CODELISTS = {
    "CL_OBS_STATUS": ("sdmx_obs_status.csv", "SDMX:CL_OBS_STATUS"),
    "CL_CONF_STATUS": ("sdmx_conf_status.csv", "SDMX:CL_CONF_STATUS"),
}
FREQUENCIES = {"A": ("Annual", "Hằng năm")}
UNIT_MULTIPLIERS = {"0": ("Units", "Đơn vị"), "6": ("Millions", "Triệu")}
DATA_ORIGINS = {
    "real": (
        "Real: a statistics-office download or a cited public classification",
        "Số liệu thật: tải từ cơ quan thống kê hoặc danh mục công khai có trích nguồn",
    ),
    "synthetic": (
        "Synthetic: built from the synthetic sample, not official figures",
        "Dữ liệu mô phỏng, không phải số liệu chính thức",
    ),
}
# the names the officials' workbook prints for the price bases; constant_<year> for any base year
PRICE_BASES = {
    "current": ("Current prices", "Giá hiện hành"),
    "physical": ("Physical quantities", "Hiện vật"),
    "not_applicable": ("Not applicable", "Không áp dụng"),
}
CONSTANT_PRICES = re.compile(r"constant_(\d{4})")
# unit code -> (English, Vietnamese, UNIT_MULT): the marts hold money in million VND
UNITS: dict[str, tuple[str, str, int]] = {
    "VND": ("Vietnamese dong", "Đồng Việt Nam", 6),
    "VND_PER_PERSON": ("Vietnamese dong per employed person", "Đồng trên một lao động", 6),
    "PERSONS": ("Persons", "Người", 0),
    "PERCENT": ("Percent", "Phần trăm", 0),
    "INDEX": ("Index (base period in BASE_PER = 100)", "Chỉ số (năm gốc BASE_PER = 100)", 0),
    "LOG_DIFF": ("Log difference (× 100 ≈ %)", "Chênh lệch logarit (× 100 ≈ %)", 0),
    "SHARE": ("Share (fraction of 1)", "Tỷ phần (phần của 1)", 0),
    "VND_PER_VND": ("VND per VND of fixed assets", "Đồng trên một đồng tài sản cố định", 0),
    "GJ_PER_MVND": ("Gigajoules per million VND", "Gigajun trên một triệu đồng", 0),
    "VND_PER_GJ": ("Vietnamese dong per gigajoule", "Đồng trên một gigajun", 6),
    "TONNES_PER_HA": ("Tonnes per hectare", "Tấn trên một hecta", 0),
}
# the scorecard states each indicator's unit as text (from the criteria seed): its unit code.
# The price basis is a dimension of its own, hence "at constant 2010 prices" is not in the unit.
SCORECARD_UNITS = {
    "million VND at constant 2010 prices per worker": "VND_PER_PERSON",
    "VND per VND of fixed assets": "VND_PER_VND",
    "GJ per million VND at constant 2010 prices": "GJ_PER_MVND",
    "million VND at constant 2010 prices per GJ": "VND_PER_GJ",
    "tonnes per hectare": "TONNES_PER_HA",
    "% of enterprises": "PERCENT",
    "% of revenue": "PERCENT",
    "% of value added": "PERCENT",
    "% per year": "PERCENT",
}
# the indicators the marts hold as columns, and Decision 36's measures: (English, Vietnamese)
INDICATORS: dict[str, tuple[str, str]] = {
    "value_added": ("Value added (GRDP for the total)", "Giá trị tăng thêm (GRDP đối với tổng số)"),
    "product_taxes": (
        "Product taxes less subsidies on products, in GRDP",
        "Thuế sản phẩm trừ trợ cấp sản phẩm trong GRDP",
    ),
    "employment": (
        "Average employed persons aged 15+",
        "Lao động từ 15 tuổi trở lên đang làm việc bình quân",
    ),
    "labour_productivity": (
        "Labour productivity: value added per employed person",
        "Năng suất lao động: giá trị tăng thêm trên một lao động",
    ),
    "labour_productivity_growth": (
        "Real labour-productivity growth, % a year (over a range: compound annual average)",
        "Tốc độ tăng năng suất lao động thực tế, %/năm (cả thời kỳ: bình quân năm)",
    ),
    "labour_productivity_index": (
        "Labour productivity at constant prices, index",
        "Chỉ số năng suất lao động theo giá so sánh",
    ),
    "labour_productivity_relative_to_national": (
        "Labour productivity as % of Viet Nam's (the office's national figure)",
        "Năng suất lao động so với cả nước (%, số liệu cả nước của cơ quan thống kê)",
    ),
    "output_growth": (
        "Output growth Δln Y (value added at constant prices)",
        "Tốc độ tăng sản lượng Δln Y (giá trị tăng thêm theo giá so sánh)",
    ),
    "capital_growth": (
        "Capital growth Δln K (perpetual-inventory capital stock)",
        "Tốc độ tăng vốn Δln K (vốn tính theo phương pháp kiểm kê liên tục)",
    ),
    "labour_growth": (
        "Labour growth Δln L (average employed persons)",
        "Tốc độ tăng lao động Δln L (lao động đang làm việc bình quân)",
    ),
    "labour_share": (
        "Labour share, two-year average ᾱ",
        "Tỷ phần thu nhập của lao động, bình quân hai năm ᾱ",
    ),
    "capital_contribution": (
        "Contribution of capital to growth (1 − ᾱ) Δln K",
        "Đóng góp của vốn vào tăng trưởng (1 − ᾱ) Δln K",
    ),
    "labour_contribution": (
        "Contribution of labour to growth ᾱ Δln L",
        "Đóng góp của lao động vào tăng trưởng ᾱ Δln L",
    ),
    "tfp_growth": (
        "Total factor productivity growth Δln TFP",
        "Tốc độ tăng năng suất các nhân tố tổng hợp Δln TFP",
    ),
    "tfp_share_of_growth": (
        "TFP's share of output growth (over a range: Σ Δln TFP / Σ Δln Y)",
        "Tỷ lệ đóng góp của TFP vào tăng trưởng (cả thời kỳ: Σ Δln TFP / Σ Δln Y)",
    ),
    "gso_output_growth": (
        "Output growth G_Y (statistics office's form)",
        "Tốc độ tăng sản lượng G_Y (cách tính của cơ quan thống kê)",
    ),
    "gso_capital_growth": (
        "Capital growth G_K (statistics office's form)",
        "Tốc độ tăng vốn G_K (cách tính của cơ quan thống kê)",
    ),
    "gso_labour_growth": (
        "Labour growth G_L (statistics office's form)",
        "Tốc độ tăng lao động G_L (cách tính của cơ quan thống kê)",
    ),
    "gso_capital_weight": (
        "Capital weight b_K = 1 − b_L (statistics office's form)",
        "Hệ số đóng góp của vốn b_K = 1 − b_L (cách tính của cơ quan thống kê)",
    ),
    "gso_labour_weight": (
        "Labour weight b_L, a parameter (statistics office's form)",
        "Hệ số đóng góp của lao động b_L, tham số (cách tính của cơ quan thống kê)",
    ),
    "gso_tfp_growth": (
        "TFP growth G_A = G_Y − b_K G_K − b_L G_L (statistics office's form)",
        "Tốc độ tăng TFP G_A = G_Y − b_K G_K − b_L G_L (cách tính của cơ quan thống kê)",
    ),
    "gso_tfp_share_of_growth": (
        "TFP's share of output growth 100 G_A / G_Y (statistics office's form)",
        "Tỷ lệ đóng góp của TFP vào tăng trưởng 100 G_A / G_Y (cách tính của cơ quan thống kê)",
    ),
}
# Decision 36's range of outcomes under the TFP grid's assumptions: suffix -> (English, Vietnamese)
BANDS = {
    "value": ("", ""),
    "band_low": (
        ": lowest under the assumptions of the TFP grid",
        ": thấp nhất theo các giả định của lưới giả định TFP",
    ),
    "band_high": (
        ": highest under the assumptions of the TFP grid",
        ": cao nhất theo các giả định của lưới giả định TFP",
    ),
}


@dataclass(frozen=True)
class Measure:
    """One measure column of a mart: its indicator, price basis and unit as SDMX codes."""

    column: str
    indicator: str
    price_basis: str  # SQL over the mart's row: a column holding the code, or a quoted code
    unit: str
    base_period: str | None = None  # SQL; None: the year of a constant_<year> price basis


@dataclass(frozen=True)
class Flow:
    id: str
    mart: str
    name: tuple[str, str]
    measures: tuple[Measure, ...] = ()  # empty: the mart has its own builder


CURRENT, CONSTANT, NONE = "'current'", "'constant_2010'", "'not_applicable'"
FLOWS = (
    Flow(
        "DF_LABOUR_PRODUCTIVITY",
        "fct_labour_productivity",
        (
            "Labour productivity by area, activity and year (the provincial yearbook)",
            "Năng suất lao động theo địa bàn, ngành và năm (niên giám thống kê tỉnh)",
        ),
        (
            Measure("value_added_current_mvnd", "value_added", CURRENT, "VND"),
            Measure("value_added_constant_2010_mvnd", "value_added", CONSTANT, "VND"),
            Measure("product_taxes_current_mvnd", "product_taxes", CURRENT, "VND"),
            Measure("product_taxes_constant_2010_mvnd", "product_taxes", CONSTANT, "VND"),
            Measure("employment_persons", "employment", NONE, "PERSONS"),
            Measure(
                "labour_productivity_current_mvnd", "labour_productivity", CURRENT, "VND_PER_PERSON"
            ),
            Measure(
                "labour_productivity_constant_2010_mvnd",
                "labour_productivity",
                CONSTANT,
                "VND_PER_PERSON",
            ),
            Measure(
                "labour_productivity_real_growth_pct",
                "labour_productivity_growth",
                CONSTANT,
                "PERCENT",
            ),
            Measure(
                "labour_productivity_index_2010",
                "labour_productivity_index",
                CONSTANT,
                "INDEX",
                base_period="index_base_year::VARCHAR",
            ),
            # national_labour_productivity_current_mvnd is the office's real figure for Viet Nam,
            # published as REF_AREA VN in DF_OFFICIAL_LABOUR_PRODUCTIVITY: repeating it here on
            # every (synthetic) province row would mix real and synthetic under one flow
            Measure(
                "relative_to_national_pct",
                "labour_productivity_relative_to_national",
                CURRENT,
                "PERCENT",
            ),
        ),
    ),
    Flow(
        "DF_OFFICIAL_LABOUR_PRODUCTIVITY",
        "fct_official_labour_productivity",
        (
            "Labour productivity as the statistics office publishes it (PX-Web, real figures)",
            "Năng suất lao động do cơ quan thống kê công bố (PX-Web, số liệu thật)",
        ),
        (
            Measure("employment_persons", "employment", NONE, "PERSONS"),
            Measure("value_added_current_mvnd", "value_added", "price_basis_current", "VND"),
            Measure("value_added_constant_2010_mvnd", "value_added", "price_basis_constant", "VND"),
            Measure(
                "labour_productivity_current_mvnd",
                "labour_productivity",
                "price_basis_current",
                "VND_PER_PERSON",
            ),
            Measure(
                "labour_productivity_constant_2010_mvnd",
                "labour_productivity",
                "price_basis_constant",
                "VND_PER_PERSON",
            ),
            Measure(
                "labour_productivity_real_growth_pct",
                "labour_productivity_growth",
                "price_basis_constant",
                "PERCENT",
            ),
        ),
    ),
    Flow(
        "DF_GROWTH_ACCOUNTING",
        "fct_growth_accounting",
        (
            "Growth accounting: output growth split into capital, labour and TFP",
            "Hạch toán tăng trưởng: đóng góp của vốn, lao động và TFP vào tăng trưởng",
        ),
        # money-based measures on the row's price basis; labour and the weights have none
        (
            Measure("output_growth", "output_growth", "price_basis", "LOG_DIFF"),
            Measure("capital_growth", "capital_growth", "price_basis", "LOG_DIFF"),
            Measure("labour_growth", "labour_growth", NONE, "LOG_DIFF"),
            Measure("labour_share_average", "labour_share", NONE, "SHARE"),
            Measure("capital_contribution", "capital_contribution", "price_basis", "LOG_DIFF"),
            Measure("labour_contribution", "labour_contribution", NONE, "LOG_DIFF"),
            Measure("tfp_growth", "tfp_growth", "price_basis", "LOG_DIFF"),
            Measure("tfp_share_of_growth_pct", "tfp_share_of_growth", "price_basis", "PERCENT"),
            Measure("gso_output_growth_pct", "gso_output_growth", "price_basis", "PERCENT"),
            Measure("gso_capital_growth_pct", "gso_capital_growth", "price_basis", "PERCENT"),
            Measure("gso_labour_growth_pct", "gso_labour_growth", NONE, "PERCENT"),
            Measure("gso_capital_weight", "gso_capital_weight", NONE, "SHARE"),
            Measure("gso_labour_weight", "gso_labour_weight", NONE, "SHARE"),
            Measure("gso_tfp_growth_pct", "gso_tfp_growth", "price_basis", "PERCENT"),
            Measure(
                "gso_tfp_share_of_growth_pct", "gso_tfp_share_of_growth", "price_basis", "PERCENT"
            ),
        ),
    ),
    Flow(
        "DF_KEY_SECTOR_SCORECARD",
        "fct_key_sector_scorecard",
        (
            "Productivity indicators of the key sectors (aquaculture, textiles and garments)",
            "Chỉ tiêu năng suất của các ngành hàng chủ lực (thủy sản, dệt may)",
        ),
    ),
    Flow(
        "DF_DECISION36_PROGRESS",
        "fct_decision36_progress",
        (
            "Decision 36/QĐ-TTg: average labour-productivity growth, TFP's share of growth",
            "Quyết định 36/QĐ-TTg: tăng năng suất lao động bình quân, tỷ lệ đóng góp của TFP",
        ),
    ),
)
Texts = tuple[str | None, str | None]  # (English, Vietnamese)
CodeRow = tuple[str, Texts, Texts]  # code, name, description

# a withheld cell is an observation without a value: conf_status says why
WITHHELD = "(conf_status <> 'F' OR obs_status = 'Q')"


def _select(
    source: str,
    *,
    area: str = "geography_code",
    activity: str = "sector_code",
    indicator: str,
    price_basis: str,
    unit: str,
    period: str = "year::VARCHAR",
    value: str,
    base_period: str | None = None,
) -> str:
    """SQL for one measure of a mart in long form (the arguments are SQL over its rows).

    A withheld cell keeps its flags and loses its value, even if the mart held one; a NULL
    that nothing withholds is no observation. BASE_PER is the year of a constant_<year> price
    basis unless the measure says otherwise (an index's base year).
    """
    base = base_period or f"NULLIF(regexp_extract({price_basis}, '^constant_([0-9]{{4}})$', 1), '')"
    return (
        f"SELECT {area} AS REF_AREA, {activity} AS ACTIVITY, {indicator} AS INDICATOR, "
        f"{price_basis} AS PRICE_BASIS, {unit} AS UNIT_MEASURE, {period} AS TIME_PERIOD, "
        f"CASE WHEN NOT {WITHHELD} THEN {value} END AS OBS_VALUE, obs_status AS OBS_STATUS, "
        f"conf_status AS CONF_STATUS, {base} AS BASE_PER, data_origin AS DATA_ORIGIN, "
        f"release_id AS RELEASE_ID FROM {source} WHERE {value} IS NOT NULL OR {WITHHELD}"
    )


def _observations(connection: duckdb.DuckDBPyConnection, flow: Flow) -> pd.DataFrame:
    """The flow's observations in long form, one row per observation, columns COLUMNS."""
    if flow.measures:
        sql = " UNION ALL ".join(
            _select(
                f"marts.{flow.mart}",
                indicator=f"'{m.indicator}'",
                price_basis=m.price_basis,
                unit=f"'{m.unit}'",
                value=m.column,
                base_period=m.base_period,
            )
            for m in flow.measures
        )
        frame = connection.execute(sql).df()
    elif flow.mart == "fct_key_sector_scorecard":
        frame = connection.execute(
            _select(
                "marts.fct_key_sector_scorecard",
                activity="key_sector",
                indicator="indicator_code",
                price_basis="price_basis",
                unit="unit",
                value="value",
            )
        ).df()
        unknown = sorted(set(frame["UNIT_MEASURE"]) - set(SCORECARD_UNITS))
        if unknown:
            raise ValueError(
                f"fct_key_sector_scorecard has units without an SDMX unit code: {unknown}; "
                f"add them to SCORECARD_UNITS in {__name__}"
            )
        frame["UNIT_MEASURE"] = frame["UNIT_MEASURE"].map(SCORECARD_UNITS)
    else:
        # Decision 36: the mart has one row per target, but a value depends only on the area,
        # the measure and the years counted, so the targets' copies collapse (DISTINCT; a
        # conflict would fail the key check below). Its band is two more indicators.
        statistics = " UNION ALL ".join(
            f"SELECT '{statistic}' AS statistic, {statistic} AS statistic_value, * "
            "FROM marts.fct_decision36_progress"
            for statistic in BANDS
        )
        frame = connection.execute(
            "SELECT DISTINCT * FROM ("
            + _select(
                f"({statistics})",
                activity="'TOTAL'",  # Decision 36's growth is the whole economy's (GRDP)
                indicator=(
                    "CASE WHEN statistic = 'value' THEN measure "
                    "ELSE measure || '_' || statistic END"
                ),
                price_basis="price_basis",
                unit="'PERCENT'",
                # an SDMX time range: the first year of growth counted and how many years
                period="printf('%d-01-01/P%dY', first_year, last_year - first_year + 1)",
                value="statistic_value",
            )
            + ")"
        ).df()
    frame.insert(0, "FREQ", FREQUENCY)
    unknown_units = sorted(set(frame["UNIT_MEASURE"]) - set(UNITS))
    if unknown_units:
        raise ValueError(f"{flow.id}: units without a name in UNITS: {unknown_units}")
    frame["UNIT_MULT"] = frame["UNIT_MEASURE"].map(lambda unit: str(UNITS[unit][2]))
    frame = frame[list(COLUMNS)].sort_values(list(DIMENSIONS), ignore_index=True)
    duplicated = frame[frame.duplicated(list(DIMENSIONS), keep=False)]
    if not duplicated.empty:
        raise ValueError(
            f"{flow.id}: observations share a key (the marts' grain is not what the flow "
            f"assumes): {duplicated.head(4).to_dict('records')}"
        )
    return frame


@dataclass
class _Vietnamese:
    """Vietnamese names and descriptions to add after pysdmx has written the message.

    Keyed by (maintainable id, item id or ""); a text whose English half is missing was written
    by pysdmx as the (Vietnamese) name, and only needs its language label corrected.
    """

    vietnamese: dict[tuple[str, str, str], tuple[str, bool]] = field(default_factory=dict)

    def nameable(
        self,
        scheme: str,
        item: str,
        name: Texts,
        description: Texts = (None, None),
    ) -> dict[str, Any]:
        """The name and description pysdmx gets (English, else Vietnamese), noting the rest."""
        kwargs: dict[str, Any] = {}
        for kind, (english, vietnamese) in (("Name", name), ("Description", description)):
            text = english or vietnamese
            if text is None:
                continue
            kwargs[kind.lower()] = text
            if vietnamese:
                # second element: pysdmx wrote the Vietnamese text itself (no English half)
                self.vietnamese[scheme, item, kind] = (vietnamese, not english)
        if "name" not in kwargs:
            raise ValueError(f"{scheme} {item}: no name in English or Vietnamese")
        return kwargs

    def apply(self, xml: str) -> bytes:
        """Add the Vietnamese texts to the message pysdmx wrote (English only)."""
        from lxml import etree

        root = etree.fromstring(xml.encode("utf-8"))
        common = root.nsmap["com"]
        lang = "{http://www.w3.org/XML/1998/namespace}lang"
        found: set[tuple[str, str, str]] = set()
        structures = next(child for child in root if etree.QName(child).localname == "Structures")
        for group in structures:
            for scheme in group:
                scheme_id = scheme.get("id")
                for element in (scheme, *scheme):
                    item = "" if element is scheme else element.get("id")
                    if item is None:
                        continue
                    for kind in ("Name", "Description"):
                        key = (scheme_id, item, kind)
                        if key not in self.vietnamese:
                            continue
                        text, written = self.vietnamese[key]
                        existing = element.findall(f"{{{common}}}{kind}")
                        if not existing:
                            continue
                        found.add(key)
                        if written:
                            existing[0].set(lang, "vi")
                            continue
                        last = existing[-1]
                        before = last.getprevious()
                        added = etree.Element(f"{{{common}}}{kind}", {lang: "vi"})
                        added.text = text
                        # keep pysdmx's indentation: the new element sits where the last one did
                        added.tail = last.tail
                        last.tail = element.text if before is None else before.tail
                        last.addnext(added)
        missing = set(self.vietnamese) - found
        if missing:
            raise ValueError(f"Vietnamese texts not placed in the structure: {sorted(missing)[:5]}")
        # the declaration as pysdmx writes it (lxml would quote it with apostrophes)
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8")


def _codelist(
    texts: _Vietnamese,
    codelist_id: str,
    codes: Iterable[CodeRow],
    description: str | None = None,
) -> Codelist:
    from pysdmx.model import Code, Codelist

    return Codelist(
        id=codelist_id,
        agency=AGENCY_ID,
        version=VERSION,
        items=[
            Code(id=code, **texts.nameable(codelist_id, code, name, desc))
            for code, name, desc in codes
        ],
        **texts.nameable(
            codelist_id,
            "",
            CODELISTS[codelist_id][:2],
            (description or CODELISTS[codelist_id][2], None),
        ),
    )


def _years(periods: Iterable[str]) -> tuple[int, int]:
    """First and last calendar year the periods cover (a year, or a start/PnY range)."""
    years: list[int] = []
    for period in periods:
        match = re.fullmatch(r"(\d{4})(?:-01-01/P(\d+)Y)?", period)
        if not match:
            raise ValueError(f"unexpected TIME_PERIOD {period!r}")
        start = int(match.group(1))
        years += [start, start + int(match.group(2) or 1) - 1]
    return min(years), max(years)


def _area_codes(connection: duckdb.DuckDBPyConnection, observations: pd.DataFrame) -> list[CodeRow]:
    """Areas used, named from marts.dim_geography. Codes were re-used by the 2025 reform (15 was
    Yên Bái, is Lào Cai), so a code is named after the units valid in the years it is used in."""
    units: dict[str, list[tuple[Any, ...]]] = {}
    for row in connection.execute(
        "SELECT geography_code, name_vi, description, valid_from, valid_to "
        "FROM marts.dim_geography ORDER BY geography_code, valid_from"
    ).fetchall():
        units.setdefault(row[0], []).append(row)
    codes: list[CodeRow] = []
    for code, periods in observations.groupby("REF_AREA")["TIME_PERIOD"]:
        if code not in units:
            raise ValueError(f"area {code!r} is used but not in marts.dim_geography")
        first, last = _years(periods)
        start, end = date(first, 1, 1), date(last, 12, 31)
        valid = [u for u in units[code] if u[3] <= end and (u[4] is None or u[4] >= start)]
        chosen = valid or units[code]
        if len({u[1] for u in chosen}) == 1:
            name, description = chosen[0][1], chosen[0][2]
        else:
            name = " / ".join(
                f"{u[1]} ({u[3]:%Y-%m-%d} – {u[4]:%Y-%m-%d})"
                if u[4]
                else f"{u[1]} (từ {u[3]:%Y-%m-%d})"
                for u in chosen
            )
            description = " / ".join(u[2] for u in chosen if u[2])
        codes.append((str(code), (None, name), (description or None, None)))
    return codes


def _activity_codes(connection: duckdb.DuckDBPyConnection, used: Iterable[str]) -> list[CodeRow]:
    """Activities used: dim_sector's codes, and the scorecard's key sectors, named after the
    key-sector groups dim_sector marks as theirs (aquaculture = farming + processing)."""
    names = {
        code: (en, vi)
        for code, en, vi in connection.execute(
            "SELECT sector_code, name_en, name_vi FROM marts.dim_sector"
        ).fetchall()
    }
    flags = {
        column
        for (column,) in connection.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
            "AND table_name = 'dim_sector'"
        ).fetchall()
    }
    codes: list[CodeRow] = []
    for code in sorted(set(used)):
        if code not in names:
            flag = f"is_key_sector_{code}"
            if not re.fullmatch(r"[a-z_]+", code) or flag not in flags:
                raise ValueError(f"activity {code!r} is used but not in marts.dim_sector")
            groups = connection.execute(
                "SELECT string_agg(name_en, '; ' ORDER BY sector_code), "
                "string_agg(name_vi, '; ' ORDER BY sector_code) FROM marts.dim_sector "
                f"WHERE classification = 'key_sector' AND {flag}"
            ).fetchone()
            names[code] = (groups[0], groups[1]) if groups else (None, None)
        codes.append((code, names[code], (None, None)))
    return codes


def _indicator_codes(
    connection: duckdb.DuckDBPyConnection, observations: Mapping[str, pd.DataFrame]
) -> list[CodeRow]:
    """Indicators used: the scorecard's are named by the mart, the others here."""
    scorecard = {
        code: (en, vi)
        for code, en, vi in connection.execute(
            "SELECT indicator_code, min(indicator_name_en), min(indicator_name_vi) "
            "FROM marts.fct_key_sector_scorecard GROUP BY indicator_code"
        ).fetchall()
    }
    sources: dict[str, list[str]] = {}
    for flow in FLOWS:
        for measure in flow.measures:
            sources.setdefault(measure.indicator, []).append(f"{flow.mart}.{measure.column}")
    for code in sorted(set(observations["DF_DECISION36_PROGRESS"]["INDICATOR"])):
        measure, _, band = code.partition("_band_")
        column = f"band_{band}" if band else "value"
        sources.setdefault(code, []).append(
            f"fct_decision36_progress.{column} (measure = {measure})"
        )
    codes: list[CodeRow] = []
    for code in sorted({c for frame in observations.values() for c in frame["INDICATOR"]}):
        if code in scorecard:
            codes.append((code, scorecard[code], ("From marts.fct_key_sector_scorecard", None)))
            continue
        measure, _, band = code.partition("_band_")
        statistic = f"band_{band}" if band else "value"
        if measure not in INDICATORS or statistic not in BANDS:
            raise ValueError(f"indicator {code!r} has no name: add it to INDICATORS in {__name__}")
        english, vietnamese = INDICATORS[measure]
        suffix_en, suffix_vi = BANDS[statistic]
        description = "From marts." + ", marts.".join(sources[code])
        codes.append((code, (english + suffix_en, vietnamese + suffix_vi), (description, None)))
    return codes


def _descriptions(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Each mart's description in English and Vietnamese, from the published data dictionary."""
    return {
        table: (english, vietnamese)
        for table, english, vietnamese in connection.execute(
            "SELECT table_name, description_en, description_vi FROM marts.data_dictionary "
            "WHERE column_name IS NULL"
        ).fetchall()
    }


def _structures(
    connection: duckdb.DuckDBPyConnection, observations: Mapping[str, pd.DataFrame]
) -> tuple[list[Any], _Vietnamese, dict[str, Codelist]]:
    import pandas as pd
    from pysdmx.model import (
        Agency,
        AgencyScheme,
        Component,
        Components,
        Concept,
        ConceptScheme,
        Dataflow,
        DataStructureDefinition,
        DataType,
        Role,
    )

    texts = _Vietnamese()
    everything = pd.concat(list(observations.values()), ignore_index=True)

    def used(column: str) -> list[str]:
        return sorted(set(everything[column].dropna()))

    def named(
        codes: Iterable[str], names: Mapping[str, tuple[str, str]], what: str
    ) -> list[CodeRow]:
        rows: list[CodeRow] = []
        for code in codes:
            if code not in names:
                raise ValueError(f"{what} {code!r} is used but has no name")
            rows.append((code, names[code], (None, None)))
        return rows

    price_bases = dict(PRICE_BASES)
    for code in used("PRICE_BASIS"):
        if constant := CONSTANT_PRICES.fullmatch(code):
            year = constant.group(1)
            price_bases[code] = (f"Constant {year} prices", f"Giá so sánh {year}")
    codelists = [
        _codelist(texts, "CL_FREQ", named(used("FREQ"), FREQUENCIES, "frequency")),
        _codelist(texts, "CL_AREA", _area_codes(connection, everything)),
        _codelist(texts, "CL_ACTIVITY", _activity_codes(connection, used("ACTIVITY"))),
        _codelist(texts, "CL_INDICATOR", _indicator_codes(connection, observations)),
        _codelist(texts, "CL_PRICE_BASIS", named(used("PRICE_BASIS"), price_bases, "price basis")),
        _codelist(
            texts,
            "CL_UNIT_MEASURE",
            named(used("UNIT_MEASURE"), {u: (en, vi) for u, (en, vi, _) in UNITS.items()}, "unit"),
        ),
        _codelist(
            texts,
            "CL_UNIT_MULT",
            named(sorted(used("UNIT_MULT"), key=int), UNIT_MULTIPLIERS, "unit multiplier"),
        ),
        # every code the reference list holds, used or not: a statistician reads what a flag
        # could be
        *[
            _codelist(
                texts,
                codelist_id,
                [
                    (row["code"], (row["name_en"], row["name_vi"]), (row["used_for"], None))
                    for row in reference_rows(file)
                ],
                f"The codes of the SDMX cross-domain code list {origin} this product sets "
                f"(sources/reference/{file})",
            )
            for codelist_id, (file, origin) in STATUS_CODELISTS.items()
        ],
        _codelist(texts, "CL_DATA_ORIGIN", named(sorted(DATA_ORIGINS), DATA_ORIGINS, "origin")),
    ]
    by_id = {codelist.id: codelist for codelist in codelists}
    for column, concept in (
        ("OBS_STATUS", "CL_OBS_STATUS"),
        ("CONF_STATUS", "CL_CONF_STATUS"),
        ("DATA_ORIGIN", "CL_DATA_ORIGIN"),
    ):
        outside = set(used(column)) - {code.id for code in by_id[concept].items}
        if outside:
            raise ValueError(f"{column} codes outside {concept}: {sorted(outside)}")

    dtypes = {
        "TIME_PERIOD": DataType.PERIOD,
        "OBS_VALUE": DataType.DOUBLE,
        "BASE_PER": DataType.YEAR,
        "RELEASE_ID": DataType.STRING,
    }
    concepts = {
        concept_id: Concept(
            id=concept_id,
            urn=(
                "urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept="
                f"{AGENCY_ID}:{CONCEPT_SCHEME_ID}({VERSION}).{concept_id}"
            ),
            codes=by_id[codelist] if codelist else None,
            dtype=None if codelist else dtypes[concept_id],
            **texts.nameable(CONCEPT_SCHEME_ID, concept_id, (english, vietnamese)),
        )
        for concept_id, (english, vietnamese, codelist) in CONCEPTS.items()
    }
    concept_scheme = ConceptScheme(
        id=CONCEPT_SCHEME_ID,
        agency=AGENCY_ID,
        version=VERSION,
        items=list(concepts.values()),
        **texts.nameable(
            CONCEPT_SCHEME_ID,
            "",
            ("Concepts of the productivity statistics", "Khái niệm của thống kê năng suất"),
            ("Ids of the SDMX cross-domain concepts where one exists", None),
        ),
    )

    def component(concept_id: str, role: Role, required: bool, level: str | None) -> Component:
        concept = concepts[concept_id]
        return Component(
            id=concept_id,
            required=required,
            role=role,
            concept=concept,
            local_codes=concept.codes,
            local_dtype=concept.dtype,
            attachment_level=level,
        )

    # OBS_VALUE is optional: a withheld observation has none. A release's data are one release.
    components = Components(
        [
            *[component(d, Role.DIMENSION, True, None) for d in DIMENSIONS],
            component("OBS_VALUE", Role.MEASURE, False, None),
            *[
                component(a, Role.ATTRIBUTE, a != "BASE_PER", "D" if a == "RELEASE_ID" else "O")
                for a in ATTRIBUTES
            ],
        ]
    )
    dsd = DataStructureDefinition(
        id=DSD_ID,
        agency=AGENCY_ID,
        version=VERSION,
        components=components,
        **texts.nameable(DSD_ID, "", DSD_NAME),
    )
    descriptions = _descriptions(connection)
    dataflows = [
        Dataflow(
            id=flow.id,
            agency=AGENCY_ID,
            version=VERSION,
            structure=dsd.short_urn,
            **texts.nameable(flow.id, "", flow.name, descriptions.get(flow.mart, (None, None))),
        )
        for flow in FLOWS
    ]
    agencies = AgencyScheme(
        agency="SDMX",
        items=[Agency(id=AGENCY_ID, **texts.nameable("AGENCIES", AGENCY_ID, AGENCY_NAME))],
    )
    return [agencies, concept_scheme, *codelists, dsd, *dataflows], texts, by_id


def _schema(flow_id: str, components: Sequence[Component]) -> Any:
    from pysdmx.model import Components, Schema

    return Schema(
        context="dataflow",
        agency=AGENCY_ID,
        id=flow_id,
        version=VERSION,
        components=Components(list(components)),
    )


def write_sdmx_release(
    database: Path, out_dir: Path, release_id: str, prepared_at: datetime
) -> dict[str, int]:
    """Write the release's SDMX files into ``out_dir`` (a new folder); {CSV file: observations}.

    ``database`` is the release's published DuckDB file, opened read-only. The files are read
    back with pysdmx (the structure validated against the SDMX 3.0 schemas) before returning,
    so a release never ships SDMX that its own library cannot read.
    """
    import duckdb
    from pysdmx.io import write_sdmx
    from pysdmx.io.format import Format
    from pysdmx.io.pd import PandasDataset
    from pysdmx.model import Organisation
    from pysdmx.model.message import Header

    with duckdb.connect(str(database), read_only=True) as connection:
        observations = {flow.id: _observations(connection, flow) for flow in FLOWS}
        structures, texts, _ = _structures(connection, observations)
    releases = {r for frame in observations.values() for r in frame["RELEASE_ID"]}
    if releases - {release_id}:
        raise ValueError(f"{database} holds rows of releases {sorted(releases)}, not {release_id}")

    out_dir.mkdir(parents=True, exist_ok=False)
    header = Header(
        id=release_id,
        prepared=prepared_at,
        sender=Organisation(id=AGENCY_ID, name=AGENCY_NAME[0]),
    )
    xml = write_sdmx(structures, Format.STRUCTURE_SDMX_ML_3_0, header=header)
    if xml is None:  # pysdmx returns the message when no output path is given
        raise ValueError("pysdmx wrote no structure message")
    (out_dir / STRUCTURE_FILE).write_bytes(texts.apply(xml))

    dsd = next(s for s in structures if s.id == DSD_ID)
    counts: dict[str, int] = {}
    for flow_id, frame in observations.items():
        dataset = PandasDataset(structure=_schema(flow_id, dsd.components), data=frame)
        name = f"{flow_id}.csv"
        write_sdmx([dataset], Format.DATA_SDMX_CSV_2_0_0, output_path=str(out_dir / name))
        counts[name] = len(frame)

    _check_read_back(observations, read_sdmx_release(out_dir), release_id)
    return counts


def _check_read_back(
    observations: Mapping[str, pd.DataFrame], release: SdmxRelease, release_id: str
) -> None:
    """Fail unless pysdmx reads back every observation as written.

    pysdmx (1.21) reads SDMX-CSV with pandas' default type guessing: a code column that looks
    numeric would lose its leading zeros ("01" -> "1"), and a number is parsed by pandas' fast
    float parser, which keeps about 15 decimal places (0.00020522388297806822 comes back as
    0.000205223882978). The files hold every value exactly (Python's shortest round-trip
    form); codes must come back identical, values to 1e-15.
    """
    import numpy as np

    if set(release.datasets) != set(observations):
        raise ValueError(f"SDMX files read back {sorted(release.datasets)}")
    for flow_id, written in observations.items():
        dataset = release.datasets[flow_id]
        back = dataset.data
        if len(back) != len(written) or dataset.attributes.get("RELEASE_ID") != release_id:
            raise ValueError(f"{flow_id}: pysdmx reads back {len(back)} observations")
        for column in (*DIMENSIONS, *ATTRIBUTES):
            if column == "RELEASE_ID":  # a dataset-level attribute: checked above
                continue
            ours = written[column].fillna("").astype(str).to_numpy()
            theirs = back[column].fillna("").astype(str).to_numpy()
            if not np.array_equal(ours, theirs):
                first = int(np.argmax(ours != theirs))
                raise ValueError(
                    f"{flow_id}.{column}: pysdmx reads {theirs[first]!r} for {ours[first]!r}"
                )
        ours_value = written["OBS_VALUE"].to_numpy(dtype=float, na_value=np.nan)
        theirs_value = back["OBS_VALUE"].to_numpy(dtype=float, na_value=np.nan)
        if not np.allclose(ours_value, theirs_value, rtol=1e-15, atol=1e-15, equal_nan=True):
            raise ValueError(f"{flow_id}: pysdmx reads back other values than were written")


@dataclass(frozen=True)
class SdmxRelease:
    """A release's SDMX files as pysdmx reads them."""

    structure: Message
    datasets: dict[str, PandasDataset]  # dataflow id -> data, with its structure attached

    def codelist(self, codelist_id: str) -> Codelist:
        from pysdmx.model import Codelist

        for artefact in self.structure.structures or ():
            if isinstance(artefact, Codelist) and artefact.id == codelist_id:
                return artefact
        raise KeyError(codelist_id)


def read_sdmx_release(folder: Path) -> SdmxRelease:
    """Read a release's SDMX folder with pysdmx: the structure message (validated against the
    SDMX-ML 3.0 schemas) and each dataflow's SDMX-CSV file with its structure attached."""
    from pysdmx.io import get_datasets, read_sdmx

    structure = folder / STRUCTURE_FILE
    message = read_sdmx(structure, validate=True)
    datasets: dict[str, PandasDataset] = {}
    for path in sorted(folder.glob("*.csv")):
        (dataset,) = get_datasets(path, structure, validate=True)
        datasets[path.stem] = dataset
    return SdmxRelease(structure=message, datasets=datasets)
