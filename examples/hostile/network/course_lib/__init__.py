"""course_lib: the small library you build in this course.

Modules (import the one you need, for example ``from course_lib import losses``):

* ``losses``: loss functions and their gradients;
* ``penalties``: L1, L2 and elastic-net penalties and their gradients;
* ``layers``: ``Linear``, ``ReLU``, ``Sequential`` (provided), ``Dropout``, ``BatchNorm1d`` (yours);
* ``training``: the ``fit`` loop (provided) and ``EarlyStopping`` (yours);
* ``metrics``, ``datasets``, ``gradcheck``, ``plotting``: provided helpers.

This file imports nothing on purpose: a mistake in one module never stops the others loading.
"""
