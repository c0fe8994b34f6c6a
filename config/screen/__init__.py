"""The exhibition-hall big screen (数据大屏): the committee's figures at a glance, read from
precomputed snapshots (:mod:`config.screen.figures`, :mod:`config.screen.services`), shown at
``/screen/`` to committee staff or to a hall's screen holding a display token."""
