"""网宣队伍看板 core: import, store, queries, scoring, reports. Imports no streamlit."""
