"""Shops and streamers of the live-commerce industry.

Glossary: shop (店铺), streamer (主播), platform (平台), integrity shop (党员诚信经营店),
pledge (诚信经营承诺), plaque (挂牌).
"""
