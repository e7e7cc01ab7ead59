"""The only code that knows the Streamlit page and streamlit-folium: tabs, uploads, downloads, session keys."""
