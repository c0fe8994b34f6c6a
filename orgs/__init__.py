"""Party organizations and the ground they stand on.

Glossary (one English name per domain word):
- organization (党组织): a node of the party tree — committee (党委), general branch (党总支),
  branch (党支部), joint branch (联合党支部), party group (党小组).
- industry committee (行业党委): the root organization this installation serves.
- enterprise (企业): a company or individual business; branches are built in them (两新组织).
- park (园区) / live-commerce base (直播电商基地): where enterprises sit.
- position (党建阵地): a place for party work — party-mass service center (党群服务中心),
  red station (红色驿站), red live room (红色直播间), exhibition hall (展厅),
  training room (培训室).
- alliance (党建联盟): the party-building alliance of leading enterprises.
- term (届期): the period an organization's elected committee serves.
"""
