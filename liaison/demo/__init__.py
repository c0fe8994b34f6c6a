"""The liaison demo builder: officers, visits, cases, joint meetings and decisions
(:mod:`liaison.demo.plan` draws them, :mod:`liaison.demo.build` replays them through the
liaison services), with its constant lists in :mod:`liaison.demo.data` and
:mod:`liaison.demo.cases`."""
