"""Phones (about 390 px wide) next to desktops: what CSS decides in the browser, what the server decides.

The browser knows the width, so layout is CSS with media queries, scoped to our containers' keys
(``st.container(key=K)`` carries the class ``st-key-K``): the headline figures two a row, smaller
headings, no Plotly toolbar over the labels. The sidebar starts closed on narrow screens (page config
``"auto"``), and a tap on a menu link closes it again (a little script: Streamlit closes its own page
menu on a phone, not links drawn with st.page_link).

What CSS cannot choose — which columns a table shows, which view of the meeting page opens first — the
server chooses from the browser's user agent (:func:`is_phone`): a phone gets a table's key columns with
the whole table under 「更多列」. Without a user agent (tests, scripts) the desktop view is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from outreach.i18n import t

PHONE_MAX_PX = 640  # Streamlit stacks columns below this width; our phone rules use the same line
SIDEBAR_MAX_PX = 768  # Streamlit's "auto" sidebar starts closed up to this width (its md breakpoint)
GRID_KEY = "phone-grid"  # containers of figures laid out by :func:`grid`: two a row on a phone

CSS = f"""
@media (max-width: {PHONE_MAX_PX}px) {{
  /* Headline figures: two a row, not one (Streamlit stacks columns at full width here). */
  [class*="st-key-{GRID_KEY}-"] [data-testid="stHorizontalBlock"] {{ row-gap: .9rem; column-gap: 1rem; }}
  [class*="st-key-{GRID_KEY}-"] [data-testid="stColumn"] {{
    min-width: calc(50% - .5rem); max-width: calc(50% - .5rem); }}
  [class*="st-key-{GRID_KEY}-"] [data-testid="stMetricValue"] {{ font-size: 1.9rem; }}
  /* Headings that leave room for the figures. */
  [data-testid="stMain"] h1 {{ font-size: 2rem; padding-top: .5rem; }}
  [data-testid="stMain"] h3 {{ font-size: 1.3rem; }}
  /* Plotly's toolbar floats over the labels at the top of a chart; a phone has pinch zoom. */
  [data-testid="stPlotlyChart"] .modebar-container {{ display: none !important; }}
}}
@media (max-width: {PHONE_MAX_PX}px) and (hover: none) {{
  /* A touch screen shows a table's toolbar all the time, 44 px above the grid: room for it there, not
     over the caption or heading before the table. */
  [data-testid="stDataFrame"] {{ margin-top: 2.75rem; }}
}}
/* The element holding the sidebar script takes no room. */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] #outreach-phone-menu) {{ display: none; }}
"""

# On a narrow screen: close the sidebar once per page load (a phone that remembers it open would
# otherwise cover the page), and after every tap on a menu link in it. Desktop widths are left alone.
SCRIPT = f"""
<span id="outreach-phone-menu"></span>
<script>
(() => {{
  if (window.__outreachPhoneMenu) return;
  window.__outreachPhoneMenu = true;
  const narrow = () => window.matchMedia("(max-width: {SIDEBAR_MAX_PX}px)").matches;
  const close = () => {{
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (narrow() && bar && button && bar.getAttribute("data-collapsed") === "false") button.click();
  }};
  document.addEventListener("click", (event) => {{
    if (event.target.closest && event.target.closest('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')) {{
      setTimeout(close, 0);
    }}
  }}, true);
  close();
}})();
</script>
"""


def apply(sidebar: bool = True) -> None:
    """The phone CSS on every page; with ``sidebar``, the script that keeps the sidebar closed on phones."""
    st.html(f"<style>{CSS}</style>")
    if sidebar:
        st.sidebar.html(SCRIPT, unsafe_allow_javascript=True)


def grid(key: str, n: int) -> list:
    """``n`` columns for figures (st.metric): one row on a desktop, two a row on a phone."""
    return st.container(key=f"{GRID_KEY}-{key}").columns(n)


def is_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its user agent, as iPhone and Android phones
    send; tablets do not). Only for choices CSS cannot make; layout follows the width."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no browser behind this run (AppTest, bare mode)
        return False
    return phone_agent(agent)


def phone_agent(agent: str) -> bool:
    return "Mobi" in agent


def table(lang: str, df: pd.DataFrame, key_columns: Sequence[str], *, key: str | None = None,
          column_config: Mapping[str, object] | None = None, phone_config: Mapping[str, object] | None = None,
          **kwargs: object) -> None:
    """``st.dataframe`` of ``df`` (headers already translated). On a phone: ``key_columns`` only (their
    config overridden by ``phone_config``, e.g. a number for a wide progress bar), then the whole table,
    key columns first and pinned, under 「更多列」. Elsewhere the table as it is."""
    config = dict(column_config or {})
    if not is_phone():
        st.dataframe(df, column_config=config or None, key=key, **kwargs)
        return
    first = [c for c in key_columns if c in df.columns]
    rest = [c for c in df.columns if c not in first]
    st.dataframe(df, column_order=first, column_config={**config, **(phone_config or {})} or None, key=key,
                 **kwargs)
    if not rest:
        return
    with st.expander(t("table.more_columns", lang, n=len(rest)), icon=":material/view_column:"):
        pinned = {c: _pinned(config.get(c)) for c in first}
        st.dataframe(df, column_order=first + rest, column_config={**config, **pinned},
                     key=f"{key}_all" if key else None, **kwargs)


def _pinned(config: object) -> object:
    """A column's config with ``pinned``: stays in view while the others scroll sideways."""
    if config is None:
        return st.column_config.Column(pinned=True)
    if isinstance(config, dict):
        return {**config, "pinned": True}
    return config  # a label alone (a str): leave it
