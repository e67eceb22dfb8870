## The operator's command line (bot/cli.py, bot/operator.py).

cli-no-filing = no filing numbered { $number }
cli-bad-reason = a reason is TARGET:TEMPLATE[:NOTE], e.g. site1.name:site_name, not “{ $text }”
cli-changed = filing { $number } changed while this ran; nothing was applied
cli-missing-columns = { $file } lacks the columns { $columns }
cli-refused-line = line { $line }: { $problem }
cli-imported = imported { $count } subjects; { $refused } lines refused
