"""The members demo builder: the roster of the Lanshan committee's park branches
(:mod:`members.demo.roster`) and the streamers' development files
(:mod:`members.demo.development`), with its constant lists in :mod:`members.demo.data`."""
