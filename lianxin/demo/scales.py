"""How much demo data each scale holds: counties per city, under one province."""

SCALES: dict[str, tuple[int, ...]] = {
    # 示范省 > 同心市 > 连心县: one county, about 1,100 deputies.
    "county": (1,),
    # One city of eight counties.
    "city": (8,),
    # Fourteen cities, 100 counties: about 110,000 deputies, for load tests.
    "province": (8, 7, 9, 6, 7, 8, 5, 7, 8, 6, 7, 9, 6, 7),
}
