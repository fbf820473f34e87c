"""Meeting mode and the 汇报: the period's figures (facts), the generated report text, the slides, and
their PPTX / DOCX / PDF / Markdown exports. No Streamlit here: the 会议 page and `python -m outreach
report` share all of it."""
