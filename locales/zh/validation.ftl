## Refusals of answers that fail a format check (dialogs/validation). The renderer adds ❌.
## Each message says what is wrong, why, and how a right value looks. Every value after
## "例如：" at the end of a line is an example that tests run through the matching check.

## 统一社会信用代码 / 组织机构代码

err-uscc-length = 统一社会信用代码应为 18 位，当前为 { $length } 位。
    请对照营业执照或登记证书重新输入，例如：91350100M000100Y43
err-uscc-letter = 统一社会信用代码不使用字母 I、O、S、V、Z，第 { $position } 位是“{ $char }”，可能是形近的数字（如 1、0、5、2）。
    请对照证件重新输入，例如：91350100M000100Y43
err-uscc-char = 统一社会信用代码只包含数字和大写字母，第 { $position } 位是“{ $char }”。
    请对照证件重新输入，例如：91350100M000100Y43
err-uscc-checksum = 统一社会信用代码校验位不正确：按前 17 位计算，最后一位应为 { $expected }。
    如果最后一位与证件一致，请检查前 17 位，例如：91350100M000100Y43
err-org-code-length = 组织机构代码应为 9 位（8 位本体代码加 1 位校验码），当前为 { $length } 位。
    请对照证件重新输入，例如：M000100Y-4
err-org-code-char = 组织机构代码前 8 位为数字或大写字母，最后一位为数字或 X，第 { $position } 位是“{ $char }”。
    请对照证件重新输入，例如：M000100Y-4
err-org-code-checksum = 组织机构代码校验码不正确：按前 8 位计算，最后一位应为 { $expected }。
    如果最后一位与证件一致，请检查前 8 位，例如：M000100Y-4
err-unit-code-length = 证件号码应为 18 位统一社会信用代码或 9 位组织机构代码，当前为 { $length } 位。
    请对照证件重新输入，例如：91350100M000100Y43、M000100Y-4

## 居民身份证 / 港澳台居民居住证 / 其他个人证件

err-resident-id-length = 居民身份证号码应为 18 位，当前为 { $length } 位（15 位的旧号码已停止使用）。
    请对照身份证重新输入，例如：110101199003074477
err-resident-id-char = 居民身份证号码由 17 位数字和 1 位校验码（数字或 X）组成，第 { $position } 位是“{ $char }”。
    请对照身份证重新输入，例如：110101199003074477
err-resident-id-province = 居民身份证号码的前两位代表省份，“{ $prefix }”不是内地省份的代码。
    港澳台居民请将证件类型选为居住证或通行证；其他情况请对照身份证重新输入，例如：110101199003074477
err-id-birth-date = 证件号码第 7–14 位是出生日期，{ $date } 不是有效的出生日期。
    请对照证件检查这 8 位：1990 年 3 月 7 日出生应写作 19900307。
err-id-birth-future = 证件号码第 7–14 位是出生日期，{ $date } 晚于今天。
    请对照证件检查这 8 位：1990 年 3 月 7 日出生应写作 19900307。
err-resident-id-checksum = 证件号码校验位不正确：按前 17 位计算，最后一位应为 { $expected }。
    请检查后重新输入，例如：110101199003074477
err-residence-permit-length = 港澳台居民居住证号码应为 18 位，当前为 { $length } 位。
    请对照居住证重新输入，例如：810000199408230021
err-residence-permit-char = 港澳台居民居住证号码由 17 位数字和 1 位校验码（数字或 X）组成，第 { $position } 位是“{ $char }”。
    请对照居住证重新输入，例如：810000199408230021
err-residence-permit-prefix = 港澳台居民居住证号码以 810000（香港）、820000（澳门）或 830000（台湾）开头，当前为 { $prefix }。
    内地居民请将证件类型选为居民身份证；居住证请对照证件重新输入，例如：810000199408230021
err-residence-permit-checksum = 居住证号码校验位不正确：按前 17 位计算，最后一位应为 { $expected }。
    请检查后重新输入，例如：810000199408230021
err-passport-format = 护照号码应为 5–20 位字母或数字。
    请对照护照资料页输入，例如：E12345678
err-hk-macau-permit-format = 港澳居民来往内地通行证号码为字母 H（香港）或 M（澳门）加 8 位或 10 位数字。
    请对照通行证输入，例如：H12345678、M1234567801
err-taiwan-permit-format = 台湾居民来往大陆通行证号码为 8 位或 10 位数字。
    请对照通行证输入，例如：12345678
err-foreign-pr-format = 外国人永久居留身份证号码为 3 位字母加 12 位数字（旧版），或以 9 开头的 18 位数字（2023 年起的新版）。
    请对照证件输入，例如：USA310085030712、911310198503071234

## 手机 / 固定电话 / 电子邮箱

err-mobile-format = 手机号码只能包含数字，可带 +86 前缀。
    例如：13812345678
err-mobile-length = 中国大陆手机号码应为 11 位，当前为 { $length } 位。
    例如：13812345678
err-mobile-not-mobile = 这不是中国大陆手机号码：手机号码以 13–19 开头，共 11 位；工信部的短信核验只能发送到手机。
    例如：13812345678
err-mobile-foreign = 这里需要中国大陆手机号码（+86），{ $code } 开头的号码收不到工信部的备案短信核验。
    例如：+86 138 1234 5678
err-landline-format = 固定电话的格式为：区号-号码，可加分机号。
    例如：010-12345678、0755-86001234
err-landline-area-code = 固定电话需要以 0 开头的区号，如北京 010、上海 021、深圳 0755。
    例如：010-12345678
err-landline-number = 区号后的电话号码应为 7–8 位，分机号可用“转”或“-”隔开。
    例如：010-12345678、0571-87654321-123
err-phone-format = 应急联系电话可以是中国大陆手机号码（11 位，可带 +86），也可以是固定电话（区号-号码）。
    例如：13812345678、010-12345678
err-email-format = 电子邮箱的格式为“名称@域名”，只含一个 @，不含空格。
    例如：zhangsan@example.com
err-email-domain = 电子邮箱 @ 后面的“{ $domain }”不是有效的邮箱域名，请检查拼写，常见的如 qq.com、163.com。
    例如：zhangsan@example.com
err-email-too-long = 电子邮箱地址最长 254 个字符，当前为 { $length } 个，请换用较短的地址。
    例如：zhangsan@example.com

## 域名 / 网站首页

err-domain-empty = 请至少填写一个域名，多个域名可用空格、逗号或换行分开。
    例如：example.com
err-domain-format = “{ $domain }”不是有效的域名：域名由点号分隔的几段组成，每段都不能为空。
    例如：example.com
err-domain-scheme = “{ $domain }”是网址，这里只需要填写域名本身，不含 http:// 或 https://。
    请填写：{ $suggested }
err-domain-path = “{ $domain }”带有路径，这里只需要填写域名本身。
    请填写：{ $suggested }
err-domain-port = “{ $domain }”带有端口号，这里只需要填写域名本身。
    请填写：{ $suggested }
err-domain-www = 备案填写主域名，不带 www.：请将“{ $domain }”改为 { $suggested }。
    主域名备案后，www 等子域名无需另行备案。
err-domain-ip = “{ $domain }”是 IP 地址，IP 地址不能备案，请填写已注册的域名。
    例如：example.com
err-domain-label-chars = “{ $domain }”中的“{ $label }”含有域名不允许的字符：只能使用字母、数字、连字符（-）或中文。
    例如：example.com、例子.中国
err-domain-label-hyphen = “{ $domain }”中的“{ $label }”以连字符（-）开头或结尾，域名的每一段都不能这样写。
    例如：my-site.com
err-domain-label-length = “{ $domain }”中的“{ $label }”太长，域名每一段最多 63 个字符。
    例如：example.com
err-domain-too-long = “{ $domain }”太长，域名最多 253 个字符。
    例如：example.com
err-domain-no-suffix = “{ $domain }”缺少后缀，请填写包括 .com、.cn 等后缀的完整域名。
    例如：example.com
err-domain-unknown-tld = “{ $domain }”的后缀“.{ $tld }”不是已知的顶级域名，请检查拼写。
    例如：example.com、example.cn
err-domain-suffix-only = “{ $domain }”只是域名后缀，请在前面加上您注册的名称。
    例如：example.com.cn
err-domain-subdomain = “{ $domain }”是子域名，备案只需填写主域名，其下的子域名无需另行备案。
    请填写：{ $suggested }
err-domain-list-too-many = 一次备案最多填写 { $max } 个域名，当前为 { $count } 个。
    请先填写本次要备案的域名，其余域名可在备案通过后以新增网站的方式备案。
err-home-url-format = 网站首页地址应为完整的网址，不含空格。
    例如：http://www.example.com
err-home-url-scheme = 网站首页地址需以 http:// 或 https:// 开头，不能使用“{ $scheme }”。
    例如：https://www.example.com
err-home-url-port = 网站首页需使用默认端口（http 为 80，https 为 443），不能带端口号 { $port }。
    例如：http://www.example.com
err-home-url-host = 首页地址的域名“{ $host }”不属于本网站。
    请使用本网站的域名或其 www. 形式：{ $domains }

## 备案号

err-filing-number-format = 备案号的格式为：省份简称 + ICP备 + 5–10 位数字 + 号。
    例如：京ICP备12345678号
err-filing-number-province = 备案号应以省份简称开头（如 京、沪、粤、川 或 蜀），“{ $abbr }”不是内地省份的简称。
    例如：京ICP备12345678号
err-filing-number-digits = 备案号中“ICP备”后面应为 5–10 位数字，当前为 { $count } 位。
    例如：京ICP备12345678号
err-subject-number-suffix = 主体备案号不带“-序号”，带“-1”“-2”等序号的是网站备案号。
    请填写：{ $suggested }
err-site-number-suffix = 网站备案号是主体备案号 { $subject } 后加“-序号”（从 1 开始）。
    例如：京ICP备12345678号-1

## 网站名称

err-site-name-length = 网站名称应为 3–30 个字，当前为 { $length } 个。
    例如：代码与咖啡
err-site-name-domain = 网站名称不能是域名或网址，请用文字概括网站的内容。
    例如：代码与咖啡、山间小记
err-site-name-symbol = 网站名称只能包含文字、字母、数字和 ( ) -，不能使用“{ $char }”。
    例如：代码与咖啡、山间小记(摄影)
err-site-name-ascii = 网站名称不能只由英文字母或数字组成，请加入中文。
    例如：Python学习笔记、代码与咖啡
err-site-name-prefix = 网站名称不能以“{ $word }”开头：以中国、中华、中央、国家、人民、全国开头的名称只用于政府机关的网站。
    例如：代码与咖啡、山间小记
err-site-name-banned = 网站名称不能包含“{ $word }”等违规或敏感词语，请更换名称。
    例如：代码与咖啡、山间小记
err-site-name-personal-word = 个人网站的名称不能包含“{ $word }”，这类词语会让网站看起来属于企业或组织。
    例如：代码与咖啡、山间小记
err-site-name-person-name = 网站名称不能包含主办人的姓名“{ $word }”，请用网站的内容或主题命名。
    例如：代码与咖啡、山间小记
err-site-name-personal-preapproval = 网站名称中的“{ $word }”涉及需要前置审批的内容，个人备案不能办理前置审批，请更换名称。
    例如：代码与咖啡、山间小记
err-site-name-preapproval = 网站名称含有“{ $word }”，需要在前置审批项中选择“{ $preapproval }”并提供审批文件；如不涉及此类内容，请更换名称。
    例如：代码与咖啡、山间小记

## 日期 / 证件有效期

err-date-format = 请按“年-月-日”填写日期。
    例如：2030-01-31、2030年1月31日
err-date-impossible = { $date } 不是有效的日期，请对照证件检查年、月、日。
    例如：2030-01-31
err-validity-start-future = 有效期开始日期 { $date } 晚于今天，请填写证件上的签发日期或有效期起始日期。
    例如：2020-05-01
err-validity-expired = 证件已于 { $date } 过期，过期证件不能用于备案。
    请先换领新证件，再填写新证件的有效期截止日期；长期有效的证件请填写“长期”。
err-validity-expiring = 证件将于 { $date } 到期，距今不足 3 个月，备案审核期间可能失效。
    请先换领新证件（截止日期需晚于 { $deadline }），再填写新证件的有效期；长期有效的证件请填写“长期”。
