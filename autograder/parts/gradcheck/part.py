"""Central differences: ``gradcheck.numerical_gradient`` (the tool behind ``check_gradient`` and
``check_layer_gradients``; PyTorch's ``torch.autograd.gradcheck`` uses the same differences but has
no public function that returns them).

Functions cannot travel to the student's side as data, so every check is a custom one
(``test_gradcheck.py``, and the public ones in ``checks/public/test_gradcheck.py``): the functions
whose gradients are taken are defined next to the student's code (``FUNCTIONS``) and passed by
reference, and the reference's central differences of the same functions, defined here, are the
expected values. The contract (the docstring): x of any shape (0-d included), a list, a number,
float32 or int64, or a non-contiguous array; the step h used as given (positional or keyword, an
int too); f returning a float, a NumPy scalar or a 0-d array; the caller's float64 array holds
exactly the same values after the call, and each evaluation of f sees one element moved.
"""

from checks import hints as H

from ..spec import Custom, Part

SHIPPED = (H.GC_ONE_SIDED, H.GC_NOT_RESTORED, H.GC_INPUT_CHANGED, H.GC_STEP_IGNORED)

PART = Part(
    id="gradcheck",
    title="Numerical gradient (central differences)",
    notebook="00_welcome",
    pytorch="none: torch.autograd.gradcheck compares gradients with the same central differences (its eps is "
            "our h) but returns only a verdict",
    targets=("gradcheck.numerical_gradient",),
    checks=(
        Custom("public_values", 1, "numerical_gradient of a quadratic and of a sum of cubes, known exactly, on "
                                   "1-D, 2-D and list inputs", public=True),
        Custom("public_input", 1, "the caller's array holds exactly the same values after the call", public=True),
        Custom("values", 2, "numerical_gradient matches central differences on every shape (0-d to 3-D), "
                            "container (lists, numbers, float32, int64, a transposed array) and kind of f "
                            "(coupled elements, floats, NumPy scalars or 0-d arrays returned)"),
        Custom("step", 1, "the step h is the one passed (positional or keyword, an int too)"),
        Custom("input", 1, "the caller's array is left exactly as it was, on every shape, and every evaluation of "
                           "f sees one element moved"),
    ),
    hints={
        **{h.id: h.text for h in SHIPPED},
        "gradcheck.rows": "it moves x[i], a whole row of an array of 2 or more dimensions (and fails on 0-d input): "
                          "move one element at a time, whatever the shape",
        "gradcheck.all_at_once": "it moves every element at once (x + h): each partial derivative needs its own "
                                 "element moved alone",
        "gradcheck.copy_of_view": "on a non-contiguous x (a transposed array) the elements are moved in a reshaped "
                                  "or raveled copy, so f never sees them: move the elements of x itself",
    },
)
