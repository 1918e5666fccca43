"""NS301: TensorFlow 1 APIs used through the TensorFlow 2 namespace."""

from __future__ import annotations

import ast

from notesense.rules.base import Fix, Rule

# Names that exist in TF1's top level (or sub-module) and only under `tf.compat.v1` in TF2.
TF1_ONLY = frozenset(
    """Session InteractiveSession placeholder placeholder_with_default get_variable variable_scope
    global_variables_initializer local_variables_initializer initialize_all_variables
    reset_default_graph get_default_graph get_default_session ConfigProto GPUOptions RunOptions
    trainable_variables global_variables assign assign_add Print to_float to_int32 to_int64 log
    sparse_placeholder random_normal random_uniform truncated_normal set_random_seed
    train.GradientDescentOptimizer train.AdamOptimizer train.MomentumOptimizer train.RMSPropOptimizer
    train.AdagradOptimizer train.Saver train.get_or_create_global_step train.get_global_step
    layers.dense layers.conv2d layers.dropout layers.flatten layers.max_pooling2d
    losses.softmax_cross_entropy losses.sparse_softmax_cross_entropy summary.FileWriter
    summary.merge_all nn.rnn_cell.LSTMCell nn.rnn_cell.BasicLSTMCell nn.dynamic_rnn
    app.flags app.run logging.set_verbosity""".split()
)


class Tf1Api(Rule):
    """A TensorFlow 1 API called through `tf.` in TensorFlow 2.

    What it does:
        Finds `tf.Session`, `tf.placeholder`, `tf.train.AdamOptimizer` and the other TF1 names
        that TensorFlow 2 keeps only under `tf.compat.v1`.

    Why is this bad?
        TensorFlow 2 removed them from the top-level namespace: the line raises
        `AttributeError: module 'tensorflow' has no attribute 'Session'`. Old code keeps working
        through `tf.compat.v1` (with eager execution disabled where it builds graphs); new code
        should move to `tf.function` and Keras.

    Example:
        x = tf.placeholder(tf.float32, [None, 3])

    Use instead:
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
    """

    code = "NS301"
    name = "tf1-api"
    context = "tensorflow"
    severity = "warning"
    message = "TensorFlow 1 API: TensorFlow 2 keeps it only as tf.compat.v1"
    hint = "TF2 已移除该 TF1 接口，改用 tf.compat.v1.（或迁移到 tf.function/Keras）"
    note = "tensorflow-pitfalls.md"
    note_symbols = ("tensorflow.Session", "tensorflow.placeholder", "tensorflow.compat.v1")
    note_keywords = ("tf.compat.v1", "tf.Session", "placeholder")
    fix_safety = "safe"
    triggers = ("tensorflow",)

    GOOD = [
        "import tensorflow as tf\nx = tf.constant([1.0])\n",
        "import tensorflow as tf\nsess = tf.compat.v1.Session()\n",
        "import tensorflow.compat.v1 as tf\nsess = tf.Session()\n",
        "import tensorflow as tf\nimport mylib as tf2\ns = tf2.Session()\n",
    ]
    BAD = [
        (
            "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])\nwith tf.Session() as sess:\n    pass\n",
            "import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32, [None, 3])\n"
            "with tf.compat.v1.Session() as sess:\n    pass\n",
        ),
        (
            "import tensorflow as tf\nopt = tf.train.AdamOptimizer(0.01)\n",
            "import tensorflow as tf\nopt = tf.compat.v1.train.AdamOptimizer(0.01)\n",
        ),
    ]

    def visit_Attribute(self, node: ast.Attribute) -> None:
        parts = [node.attr]
        base: ast.expr = node.value
        while isinstance(base, ast.Attribute):
            parts.append(base.attr)
            base = base.value
        if not isinstance(base, ast.Name) or self.ctx.imports.names.get(base.id) != "tensorflow":
            return
        rest = ".".join(reversed(parts))
        if rest not in TF1_ONLY:
            return
        ctx = self.ctx
        if node.lineno != node.end_lineno:
            self.report(node)
            return
        new = f"{base.id}.compat.v1.{rest}"
        self.report(node, (Fix(f"Use {new}", (ctx.replace(node, new),), safe=True),))
