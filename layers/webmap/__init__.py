"""The folium map: build_map and its layers, controls, legend and offline assets."""
