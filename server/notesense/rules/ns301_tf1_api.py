"""NS301: TensorFlow 1 APIs used through the TensorFlow 2 namespace."""

from __future__ import annotations

import ast

from notesense.analysis import api
from notesense.rules.base import Bad, Fix, Rule, example

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

    做什么:
        查找通过 `tf.` 调用的 `tf.Session`、`tf.placeholder`、`tf.train.AdamOptimizer` 等
        TensorFlow 1 名字，TensorFlow 2 只在 `tf.compat.v1` 下保留了它们。

    为什么不好:
        TensorFlow 2 把它们从顶层命名空间删掉了：这一行抛出
        `AttributeError: module 'tensorflow' has no attribute 'Session'`。旧代码可以经
        `tf.compat.v1` 继续运行（构建计算图的地方要关闭 eager 执行）；新代码应改用
        `tf.function` 和 Keras。

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
    removes = tuple(f"tensorflow.{name}" for name in sorted(api.TF1_ONLY))
    fix_safety = "safe"
    triggers = ("tensorflow",)
    locators = tuple(sorted({f".{name.split('.')[0]}" for name in api.TF1_ONLY}))

    GOOD = [
        example("""\
            import tensorflow as tf
            x = tf.constant([1.0])
            """),
        example("""\
            import tensorflow as tf
            sess = tf.compat.v1.Session()
            """),
        example("""\
            import tensorflow.compat.v1 as tf
            sess = tf.Session()
            """),
        example("""\
            import tensorflow as tf
            import mylib as tf2
            s = tf2.Session()
            """),
    ]
    BAD = [
        Bad(
            """\
            import tensorflow as tf
            x = tf.placeholder(tf.float32, [None, 3])
            with tf.Session() as sess:
                pass
            """,
            fixed="""\
            import tensorflow as tf
            x = tf.compat.v1.placeholder(tf.float32, [None, 3])
            with tf.compat.v1.Session() as sess:
                pass
            """,
            span='tf.placeholder',
        ),
        Bad(
            """\
            import tensorflow as tf
            opt = tf.train.AdamOptimizer(0.01)
            """,
            fixed="""\
            import tensorflow as tf
            opt = tf.compat.v1.train.AdamOptimizer(0.01)
            """,
            span='tf.train.AdamOptimizer',
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
        if rest not in api.TF1_ONLY:
            return
        ctx = self.ctx
        if node.lineno != node.end_lineno:
            self.report(node)
            return
        new = f"{base.id}.compat.v1.{rest}"
        self.report(node, (Fix(f"Use {new}", (ctx.replace(node, new),), safe=True),))
