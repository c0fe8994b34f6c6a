"""Province-scale benchmarks: synthetic data in the real shape (:mod:`config.bench.data`, the
``bench_data`` command) and the figures measured on it (:mod:`config.bench.figures`, the ``bench``
command). Here in ``config`` because the data spans every app."""
