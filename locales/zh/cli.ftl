## The operator's command line (bot/cli.py, bot/operator.py).

cli-no-filing = 没有编号为 { $number } 的备案
cli-bad-reason = 原因的格式是 字段:原因模板[:备注]，例如 site1.name:site_name，而不是“{ $text }”
cli-changed = 备案 { $number } 在执行期间被修改，本次操作没有生效
cli-missing-columns = { $file } 缺少列：{ $columns }
cli-refused-line = 第 { $line } 行：{ $problem }
cli-imported = 已导入 { $count } 个主体；{ $refused } 行被拒绝
