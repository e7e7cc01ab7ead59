"""The "Check claims" tab through Streamlit's AppTest (no browser): the 2019 claims table, the
contradictions and the downloads."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from layers.claims.check import claims_report
from layers.scenarios.model import load_scenario
from layers.ui import claims as claims_ui
from layers.ui import tabs as app_tabs
from layers.ui.session import Keys as K

APP = "../../app.py"  # relative to this file


@pytest.fixture(scope="module")
def claims_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.run()
    at.session_state[K.TABS] = app_tabs.TAB_LABELS[4]
    at.run()
    assert not at.exception, at.exception
    return at


def test_claims_tab_shows_the_table_contradictions_and_downloads(claims_page: AppTest) -> None:
    expected = claims_report(load_scenario("2019-07-23"))
    assert len(claims_page.dataframe) == 1  # only the open tab is built
    table = claims_page.dataframe[0].value
    assert list(table["Claim"]) == [r.claim.id for r in expected.results]
    assert table.set_index("Claim").loc["h6k-entry-3", "Met"] == "not met"
    warnings = " ".join(w.value for w in claims_page.warning)
    assert "76 miles north of Ulleungdo" in warnings and "km/h" in warnings
    assert len(claims_page.warning) == len(expected.contradictions)
    downloads = {b.key: b for b in claims_page.get("download_button")}
    assert {claims_ui.DOWNLOAD_CSV, claims_ui.DOWNLOAD_JSON} <= set(downloads)
    assert not claims_page.error
