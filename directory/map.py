"""The directory's world map: a tile cartogram, one square per country, grouped by UN M49 region
(columns) and subregion (rows of tiles). Light (no geographic shapes to download), readable at any
size, and drawn by the template ``directory/includes/map.html`` from these positions."""

from portal.regions import COUNTRY_SUBREGION, REGION_NAMES, SUBREGION_NAMES, subregions_of

TILE = 22
GAP = 2
COLUMNS = 8  # tiles per row within a region
REGION_GAP = 16
HEADER = 18
SUBREGION_GAP = 6


class Tile:
    def __init__(self, row, x, y, shown):
        self.code = row.code
        self.name = row.name
        self.shade = row.shade
        self.x = x
        self.y = y
        self.shown = shown


def layout(rows, shown_codes):
    """{"width", "height", "regions": [{"name", "x"}], "tiles": [Tile]} for ``rows`` (every
    country), dimming those not in ``shown_codes`` (the filters')."""
    by_code = {row.code: row for row in rows}
    by_subregion = {}
    for code, subregion in COUNTRY_SUBREGION.items():
        if code in by_code:
            by_subregion.setdefault(subregion, []).append(by_code[code])
    tiles, regions, height = [], [], 0
    step = TILE + GAP
    region_width = COLUMNS * step
    for index, (region, name) in enumerate(REGION_NAMES.items()):
        x0 = index * (region_width + REGION_GAP)
        regions.append({"name": name, "x": x0, "subregions": []})
        y = HEADER
        for subregion in subregions_of(region):
            members = sorted(by_subregion.get(subregion, []), key=lambda row: row.code)
            for position, row in enumerate(members):
                col, line = position % COLUMNS, position // COLUMNS
                tiles.append(Tile(row, x0 + col * step, y + line * step, row.code in shown_codes))
            if members:
                regions[-1]["subregions"].append(SUBREGION_NAMES[subregion])
                y += ((len(members) + COLUMNS - 1) // COLUMNS) * step + SUBREGION_GAP
        height = max(height, y)
    width = len(REGION_NAMES) * (region_width + REGION_GAP) - REGION_GAP
    return {"width": width, "height": height, "regions": regions, "tiles": tiles, "tile": TILE}
