"""Whole refreshes on hostile deliveries, run the way a steward runs them (`productivity refresh`).

Each test starts from a copy of one refreshed warehouse (the session's `refreshed` fixture), so
that it pays only for the refresh it is about.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.ingest.pseudonym import key_fingerprint, pseudonymise
from tests.conftest import (
    PRODUCTIVITY,
    SAMPLE_SOURCES,
    RefreshRun,
    copy_of,
    published_file,
    refresh_env,
    release_snapshot,
    run_refresh,
)
from tests.contract_headers import FULL, SHORT

pytestmark = pytest.mark.slow

SURVEY = "enterprise_survey"
NEW_KEY = "5b0e9c27d84f16a3e7c2b9f04d61a8e3c7f25d90b1e4a6c8"  # 48 hex digits, 4 bits each


def query(run: RefreshRun, sql: str) -> list[tuple]:
    with duckdb.connect(str(run.warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_year_before_the_first_is_loaded_when_it_arrives_last(
    refreshed: RefreshRun, landing_copy: Path, tmp_path: Path
) -> None:
    base = copy_of(refreshed, tmp_path / "run")
    rows = csv_rows(landing_copy / SURVEY / "dieu_tra_doanh_nghiep_2016.csv")
    for row in rows:  # an earlier year: one employee fewer at the end of the year
        row[SHORT["employees_end"]] = str(max(int(row[SHORT["employees_end"]]) - 1, 0))
    earlier = landing_copy / SURVEY / "dieu_tra_doanh_nghiep_2015.csv"
    with earlier.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    run = run_refresh(tmp_path / "run", landing=landing_copy)
    assert run.returncode == 0, run.output
    assert base.warehouse == run.warehouse
    by_year = dict(query(run, "SELECT survey_year, count(*) FROM raw.enterprise_survey GROUP BY 1"))
    assert by_year[2015] == len(rows) == 968
    assert sorted(by_year) == list(range(2015, 2025))
    ((cells,),) = query(
        run,
        "SELECT count(*) FROM marts.fct_enterprise_productivity WHERE survey_year = 2015 "
        "AND breakdown = 'all'",
    )
    assert cells == 1
    with duckdb.connect(str(published_file(run)), read_only=True) as connection:
        (employees,) = connection.execute(
            "SELECT average_employees FROM marts.fct_enterprise_productivity "
            "WHERE survey_year = 2015 AND breakdown = 'all'"
        ).fetchone()
    expected = sum(
        (int(r[SHORT["employees_start"]]) + int(r[SHORT["employees_end"]])) / 2 for r in rows
    )
    assert employees == pytest.approx(expected, rel=1e-12)


def test_a_file_copied_under_another_name_is_refused_and_the_release_kept(
    refreshed: RefreshRun, landing_copy: Path, tmp_path: Path
) -> None:
    base = copy_of(refreshed, tmp_path / "run")
    before = release_snapshot(base)
    shutil.copy(
        landing_copy / SURVEY / "dieu_tra_doanh_nghiep_2016.csv",
        landing_copy / SURVEY / "dieu_tra_doanh_nghiep_2025.csv",
    )
    run = run_refresh(tmp_path / "run", landing=landing_copy)
    assert run.returncode == 1
    assert re.search(
        r"dieu_tra_doanh_nghiep_2025\.csv: its bytes are identical to "
        r"dieu_tra_doanh_nghiep_2016\.csv, loaded \d{4}-\d{2}-\d{2}: a file already loaded, under "
        "another name",
        run.output,
    ), run.output
    assert "Traceback" not in run.output
    assert release_snapshot(run) == before
    assert query(run, "SELECT count(*) FROM raw.enterprise_survey WHERE survey_year = 2025") == [
        (0,)
    ]


def test_files_no_source_takes_are_logged_and_reported(
    refreshed: RefreshRun, landing_copy: Path, tmp_path: Path
) -> None:
    copy_of(refreshed, tmp_path / "run")
    survey = landing_copy / SURVEY
    (survey / "Điều tra doanh nghiệp 2024 (bản cuối).csv").write_text("x\n", encoding="utf-8")
    (landing_copy / "nien_giam_moi.xlsx").write_bytes(b"PK")
    (landing_copy / "statistics_office" / "dieu_tra_doanh_nghiep_2023.csv").write_text("y\n")
    (survey / "~$dieu_tra_doanh_nghiep_2024.xlsx").write_bytes(b"lock")
    run = run_refresh(tmp_path / "run", landing=landing_copy)
    assert run.returncode == 0, run.output
    logged = dict(
        query(run, "SELECT source_file, reason FROM raw.load_log WHERE status = 'not_taken'")
    )
    assert logged == {
        "enterprise_survey/Điều tra doanh nghiệp 2024 (bản cuối).csv": (
            "name does not follow dieu_tra_doanh_nghiep_<year>.csv or .xlsx"
        ),
        "enterprise_survey/~$dieu_tra_doanh_nghiep_2024.xlsx": (
            "a hidden or temporary file (an editor's lock file or a copy in progress)"
        ),
        "nien_giam_moi.xlsx": (
            "not in a source folder: put it in statistics_office/, statistics_office_pxweb/, "
            "enterprise_survey/, research_registry/"
        ),
        "statistics_office/dieu_tra_doanh_nghiep_2023.csv": (
            "name does not follow <province>_<code>_nien_giam_<edition>.xlsx, or "
            "<province>_<code>_nien_giam_<edition>_<SHEET>.csv; the name is one of "
            "enterprise_survey's: move it to enterprise_survey/"
        ),
    }
    last_line = run.output.strip().splitlines()[-1]
    assert last_line == (
        "WARNING: 4 files not taken: see above, raw.load_log and the raw.*_quarantine tables."
    )


# --- personal data never leaves the restricted area ------------------------------------


def personal_values() -> tuple[set[str], set[str]]:
    """(tax codes, names/phones/addresses) of every shipped survey year and the registry."""
    tax_codes: set[str] = set()
    texts: set[str] = set()
    for path in (SAMPLE_SOURCES / SURVEY).glob("*.csv"):
        for row in csv_rows(path):
            code = row.get(SHORT["tax_code"]) or row.get(FULL["tax_code"]) or ""
            tax_codes.add(code)
            for column in (
                SHORT["enterprise_name"],
                SHORT["address"],
                SHORT["phone"],
                FULL["enterprise_name"],
                FULL["address"],
                FULL["phone"],
            ):
                if row.get(column):
                    texts.add(row[column])
    workbook = openpyxl.load_workbook(
        SAMPLE_SOURCES / "research_registry" / "ket_qua_nhiem_vu_khcn_2016_2020.xlsx",
        read_only=True,
    )
    texts |= {r[5] for r in workbook["NHIEM_VU"].iter_rows(min_row=2, values_only=True) if r[5]}
    for kind, identifier, name in (
        r[1:4] for r in workbook["DON_VI_TIEP_NHAN"].iter_rows(min_row=2, values_only=True)
    ):
        texts.add(name)
        if kind == "Doanh nghiệp":
            tax_codes.add(identifier)
    return tax_codes, texts


class PersonalIndex:
    """Finds which of many personal strings occur in a text, exactly as ``t in text`` would,
    without testing every string against every text: a string of three or more words can only
    occur where each of its inner words occurs as a whole word (the words at its ends may run
    on into the text), and a phone written `dddd ddd ddd` only where that shape does."""

    PHONE = re.compile(r"\d{4} \d{3} \d{3}")
    PHONE_ANYWHERE = re.compile(r"(?=(\d{4} \d{3} \d{3}))")  # every position, overlaps too
    WORD = re.compile(r"\w+")

    def __init__(self, strings: set[str]) -> None:
        self.phones = {t for t in strings if self.PHONE.fullmatch(t)}
        self.by_word: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self.others: set[str] = set()
        inner_words = {t: frozenset(self.WORD.findall(t)[1:-1]) for t in strings - self.phones}
        frequency = Counter(w for words in inner_words.values() for w in words)
        for text, inner in inner_words.items():
            if inner:  # filed under the inner word fewest strings share
                anchor = min(inner, key=lambda w: (frequency[w], -len(w), w))
                self.by_word.setdefault(anchor, []).append((text, inner))
            else:
                self.others.add(text)

    def found_in(self, text: str) -> set[str]:
        found = set(self.PHONE_ANYWHERE.findall(text)) & self.phones
        words = set(self.WORD.findall(text))
        candidates = set(self.others)
        for anchor in words & self.by_word.keys():
            candidates.update(t for t, inner in self.by_word[anchor] if inner <= words)
        # UTF-8 is self-synchronising: t occurs in text exactly when its bytes occur in the
        # text's bytes, and a byte search is many times faster than one in a wide string
        data = text.encode("utf-8")
        return found | {t for t in candidates if t.encode("utf-8") in data}


def readable_texts(path: Path) -> list[str]:
    """Everything a file could reveal: its bytes as text, the members of a zip (xlsx), every
    string in a DuckDB file or a Parquet file (whose pages may be compressed)."""
    data = path.read_bytes()
    texts = [data.decode("utf-8", errors="ignore")]
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as archive:
            texts += [archive.read(n).decode("utf-8", errors="ignore") for n in archive.namelist()]
    elif data[8:12] == b"DUCK" or path.suffix == ".parquet":
        with duckdb.connect() as connection:
            if path.suffix == ".parquet":
                tables = [f"read_parquet('{path}')"]
            else:
                connection.execute(f"ATTACH '{path}' AS inspected (READ_ONLY)")
                tables = [
                    f'inspected."{s}"."{t}"'
                    for s, t in connection.execute(
                        "SELECT schema_name, table_name FROM duckdb_tables() "
                        "WHERE database_name = 'inspected'"
                    ).fetchall()
                ]
            for table in tables:
                rows = connection.execute(f"SELECT * FROM {table}").fetchall()
                texts.append("\n".join(str(v) for row in rows for v in row))
    return texts


def test_no_personal_data_reaches_any_file_outside_the_restricted_area(
    refreshed: RefreshRun, landing_copy: Path, tmp_path: Path
) -> None:
    copy_of(refreshed, tmp_path / "run")
    survey = landing_copy / SURVEY / "dieu_tra_doanh_nghiep_2024.csv"
    rows = csv_rows(survey)
    header = list(rows[0])
    rows[0][FULL["tax_code"]] = rows[0][FULL["tax_code"]] + "001"  # 13 digits, no dash: quarantined
    rows[1][FULL["ownership"]] = rows[1][FULL["phone"]]  # a phone in the wrong column
    rows[2][FULL["revenue"]] = rows[2][FULL["enterprise_name"]]  # a name for a number
    rows[3][FULL["vsic_code"]] = rows[3][FULL["tax_code"]]  # a tax code for an activity code
    with survey.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    registry = landing_copy / "research_registry" / "ket_qua_nhiem_vu_khcn_2016_2020.xlsx"
    workbook = openpyxl.load_workbook(registry)
    tasks, recipients = workbook["NHIEM_VU"], workbook["DON_VI_TIEP_NHAN"]
    tasks["K2"] = f"{tasks['K2'].value} (chủ nhiệm {tasks['F9'].value})"
    tasks["M3"] = f"Liên hệ {rows[5][FULL['phone']]}"
    recipients["B2"] = "Doanh nghiep"  # no diacritics: quarantined, its tax code pseudonymised
    workbook.save(registry)
    good = run_refresh(tmp_path / "run", landing=landing_copy)
    assert good.returncode == 0, good.output
    assert "rows quarantined" in good.output

    # then a file that cannot be read at all, its broken line holding an address
    broken = landing_copy / SURVEY / "dieu_tra_doanh_nghiep_2023.csv"
    lines = broken.read_text(encoding="utf-8").splitlines()
    closing = lines[3].index('An Giang"') + len("An Giang")
    lines[3] = lines[3][:closing] + lines[3][closing + 1 :]
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = run_refresh(tmp_path / "run", landing=landing_copy)
    assert failed.returncode == 1

    tax_codes, texts = personal_values()
    injected = {rows[0][FULL["tax_code"]], rows[1][FULL["phone"]], rows[2][FULL["enterprise_name"]]}
    warehouse = tmp_path / "run" / "warehouse"
    outside = [
        p
        for p in sorted((tmp_path / "run").rglob("*"))
        if p.is_file() and (warehouse / "restricted") not in p.parents
    ]
    assert len(outside) > 20
    assert any(p.suffix == ".db" for p in outside)  # Dagster's run and event storage
    digit_runs = re.compile(r"(?<!\d)\d{10}(?:-?\d{3})?(?!\d)")
    index = PersonalIndex({t for t in texts | injected if len(t) > 6})
    found: list[str] = []
    for path in outside:
        for text in readable_texts(path):
            leaked_codes = set(digit_runs.findall(text)) & tax_codes
            leaked_texts = index.found_in(text)
            found += [f"{path}: {v}" for v in sorted(leaked_codes | leaked_texts)[:3]]
    assert found == []
    # and the warehouse and Dagster's storage are their owner's alone
    assert (warehouse / "productivity.duckdb").stat().st_mode & 0o077 == 0
    assert (tmp_path / "run" / "dagster").stat().st_mode & 0o077 == 0


# --- the pseudonym key -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "must be set to a secret key"),
        ("angiang-productivity-development-key-not-secret", "development key is refused"),
        ("a" * 32, "is too predictable"),
    ],
)
def test_production_refuses_a_published_or_weak_key_on_every_refresh(
    refreshed: RefreshRun, tmp_path: Path, key: str | None, message: str
) -> None:
    run = copy_of(refreshed, tmp_path / "run")
    env = {**refresh_env(tmp_path / "run"), "PRODUCTIVITY_ENV": "production"}
    env.pop("PRODUCTIVITY_PSEUDONYM_KEY", None)
    if key is not None:
        env["PRODUCTIVITY_PSEUDONYM_KEY"] = key
    before = release_snapshot(run)
    # nothing has changed since the last refresh: the key is refused all the same
    result = subprocess.run(
        [PRODUCTIVITY, "refresh"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("productivity refresh refused: PRODUCTIVITY_PSEUDONYM_KEY")
    assert message in result.stderr
    assert release_snapshot(run) == before


def test_a_new_key_is_refused_until_every_stored_year_is_pseudonymised_again(
    refreshed: RefreshRun, tmp_path: Path
) -> None:
    run = copy_of(refreshed, tmp_path / "run")
    before = release_snapshot(run)
    linked_before = linked_recipients(run)
    env = {"PRODUCTIVITY_PSEUDONYM_KEY": NEW_KEY}
    refused = run_refresh(tmp_path / "run", overrides=env)
    assert refused.returncode == 1
    assert (
        "PRODUCTIVITY_PSEUDONYM_KEY is not the key the stored rows were pseudonymised with "
        "(2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, research_registry)"
    ) in refused.output
    assert "productivity refresh --repseudonymise" in refused.output
    assert release_snapshot(refused) == before

    completed = subprocess.run(
        [PRODUCTIVITY, "refresh", "--repseudonymise"],
        env=refresh_env(tmp_path / "run", overrides=env),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    first = csv_rows(SAMPLE_SOURCES / SURVEY / "dieu_tra_doanh_nghiep_2016.csv")[0][
        SHORT["tax_code"]
    ]
    expected = pseudonymise(first, NEW_KEY.encode())
    years = "SELECT count(DISTINCT survey_year) FROM raw.enterprise_survey WHERE enterprise_id = "
    assert query(run, f"{years}'{expected}'") == [(9,)]
    assert query(
        run, "SELECT DISTINCT key_fingerprint FROM raw.load_log WHERE key_fingerprint IS NOT NULL"
    ) == [(key_fingerprint(NEW_KEY.encode()),)]
    # enterprises still link across sources: every enterprise recipient finds its survey rows
    assert linked_recipients(run) == linked_before > 0


def linked_recipients(run: RefreshRun) -> int:
    with duckdb.connect(str(published_file(run)), read_only=True) as connection:
        (linked,) = connection.execute(
            "SELECT count(*) FROM marts.bridge_research_result_recipients "
            "WHERE organisation_unit_type = 'enterprise' AND enterprise_key_sector IS NOT NULL"
        ).fetchone()
    return int(linked)
