"""Streamlit-only helpers: page shell, filters, charts. The core (outreach/) never imports this."""
