## Refusals of answers that fail a format check (dialogs/validation). The renderer adds ❌.
## Each message says what is wrong, why, and how a right value looks. Every value after
## "For example:" at the end of a line is an example that tests run through the matching check.

## Unified social credit code / organization code

err-uscc-length = The unified social credit code (统一社会信用代码) has 18 characters; this one has { $length }.
    Please copy it from the business licence or registration certificate. For example: 91350100M000100Y43
err-uscc-letter = The unified social credit code (统一社会信用代码) never uses the letters I, O, S, V or Z. Character { $position } is “{ $char }”, which may be a similar-looking digit (1, 0, 5 or 2).
    Please check it against the certificate. For example: 91350100M000100Y43
err-uscc-char = The unified social credit code (统一社会信用代码) contains only digits and capital letters. Character { $position } is “{ $char }”.
    Please check it against the certificate. For example: 91350100M000100Y43
err-uscc-checksum = The check character of this unified social credit code (统一社会信用代码) does not match: from the first 17 characters, the last one should be { $expected }.
    If the last character matches the certificate, please check the first 17. For example: 91350100M000100Y43
err-org-code-length = The organization code (组织机构代码) has 9 characters (8 plus a check character); this one has { $length }.
    Please check it against the certificate. For example: M000100Y-4
err-org-code-char = The organization code (组织机构代码) has 8 digits or capital letters followed by a digit or X. Character { $position } is “{ $char }”.
    Please check it against the certificate. For example: M000100Y-4
err-org-code-checksum = The check character of this organization code (组织机构代码) does not match: from the first 8 characters, the last one should be { $expected }.
    If the last character matches the certificate, please check the first 8. For example: M000100Y-4
err-unit-code-length = The certificate number is an 18-character unified social credit code or a 9-character organization code; this one has { $length } characters.
    Please check it against the certificate. For example: 91350100M000100Y43, M000100Y-4

## Resident ID / residence permits / other personal IDs

err-resident-id-length = A resident ID number (居民身份证号码) has 18 characters; this one has { $length } (old 15-digit numbers are no longer valid).
    Please copy it from the ID card. For example: 110101199003074477
err-resident-id-char = A resident ID number (居民身份证号码) is 17 digits and a check character (a digit or X). Character { $position } is “{ $char }”.
    Please copy it from the ID card. For example: 110101199003074477
err-resident-id-province = The first two digits of a resident ID number name a province, and “{ $prefix }” is not a mainland province code.
    Hong Kong, Macau and Taiwan residents: please choose a residence permit or travel permit as the ID type. Otherwise please check the number. For example: 110101199003074477
err-id-birth-date = Digits 7–14 of the ID number are the date of birth, and { $date } is not a valid date of birth.
    Please check these 8 digits against the ID: someone born on 7 March 1990 has 19900307.
err-id-birth-future = Digits 7–14 of the ID number are the date of birth, and { $date } is later than today.
    Please check these 8 digits against the ID: someone born on 7 March 1990 has 19900307.
err-resident-id-checksum = The check digit of this ID number does not match: from the first 17 digits, the last character should be { $expected }.
    Please check the number. For example: 110101199003074477
err-residence-permit-length = A residence permit number for Hong Kong, Macau and Taiwan residents (港澳台居民居住证) has 18 characters; this one has { $length }.
    Please copy it from the permit. For example: 810000199408230021
err-residence-permit-char = A residence permit number (港澳台居民居住证) is 17 digits and a check character (a digit or X). Character { $position } is “{ $char }”.
    Please copy it from the permit. For example: 810000199408230021
err-residence-permit-prefix = A residence permit number (港澳台居民居住证) starts with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan); this one starts with { $prefix }.
    Mainland residents: please choose the resident ID card (居民身份证) as the ID type. Otherwise please check the number. For example: 810000199408230021
err-residence-permit-checksum = The check digit of this residence permit number does not match: from the first 17 digits, the last character should be { $expected }.
    Please check the number. For example: 810000199408230021
err-passport-format = A passport number has 5 to 20 letters or digits.
    Please copy it from the passport's data page. For example: E12345678
err-hk-macau-permit-format = A Mainland Travel Permit for Hong Kong and Macau Residents (港澳居民来往内地通行证) number is H (Hong Kong) or M (Macau) followed by 8 or 10 digits.
    Please copy it from the permit. For example: H12345678, M1234567801
err-taiwan-permit-format = A Mainland Travel Permit for Taiwan Residents (台湾居民来往大陆通行证) number has 8 or 10 digits.
    Please copy it from the permit. For example: 12345678
err-foreign-pr-format = A Foreign Permanent Resident ID Card (外国人永久居留身份证) number is 3 letters and 12 digits (old cards) or 18 digits starting with 9 (cards issued since 2023).
    Please copy it from the card. For example: USA310085030712, 911310198503071234

## Mobile / landline / email

err-mobile-format = A mobile number contains only digits, optionally with the +86 prefix.
    For example: 13812345678
err-mobile-length = A mainland China mobile number has 11 digits; this one has { $length }.
    For example: 13812345678
err-mobile-not-mobile = This is not a mainland China mobile number: mobile numbers have 11 digits and start with 13 to 19. The MIIT verification SMS can only be sent to a mobile.
    For example: 13812345678
err-mobile-foreign = A mainland China mobile number (+86) is needed here: numbers starting with { $code } cannot receive the MIIT filing verification SMS.
    For example: +86 138 1234 5678
err-landline-format = A landline number is written as area code, dash, number, optionally followed by an extension.
    For example: 010-12345678, 0755-86001234
err-landline-area-code = A landline number needs its area code, which starts with 0 (Beijing 010, Shanghai 021, Shenzhen 0755 …).
    For example: 010-12345678
err-landline-number = After the area code, a landline number has 7 or 8 digits; separate an extension with “-” or “转”.
    For example: 010-12345678, 0571-87654321-123
err-phone-format = The emergency phone (应急联系电话) can be a mainland China mobile number (11 digits, optionally with +86) or a landline (area code, dash, number).
    For example: 13812345678, 010-12345678
err-email-format = An email address is written as name@domain, with exactly one @ and no spaces.
    For example: zhangsan@example.com
err-email-domain = “{ $domain }” after the @ is not a valid mail domain; please check the spelling (common ones are qq.com and 163.com).
    For example: zhangsan@example.com
err-email-too-long = An email address can have at most 254 characters; this one has { $length }. Please use a shorter address.
    For example: zhangsan@example.com

## Domains / home page

err-domain-empty = Please give at least one domain; separate several with spaces, commas or new lines.
    For example: example.com
err-domain-format = “{ $domain }” is not a valid domain: a domain is several parts separated by dots, and no part may be empty.
    For example: example.com
err-domain-scheme = “{ $domain }” is a web address; only the domain itself is needed here, without http:// or https://.
    Please enter: { $suggested }
err-domain-path = “{ $domain }” contains a path; only the domain itself is needed here.
    Please enter: { $suggested }
err-domain-port = “{ $domain }” contains a port number; only the domain itself is needed here.
    Please enter: { $suggested }
err-domain-www = Please enter the main domain { $suggested } instead of “{ $domain }”: a filing names domains without www.
    Once the main domain is filed, www and other sub-domains need no filing of their own.
err-domain-ip = “{ $domain }” is an IP address. IP addresses cannot be filed; please enter a registered domain.
    For example: example.com
err-domain-label-chars = “{ $label }” in “{ $domain }” contains characters a domain cannot have: only letters, digits, hyphens (-) and Chinese characters.
    For example: example.com, 例子.中国
err-domain-label-hyphen = “{ $label }” in “{ $domain }” starts or ends with a hyphen (-), which no part of a domain may do.
    For example: my-site.com
err-domain-label-length = “{ $label }” in “{ $domain }” is too long: each part of a domain has at most 63 characters.
    For example: example.com
err-domain-too-long = “{ $domain }” is too long: a domain has at most 253 characters.
    For example: example.com
err-domain-no-suffix = “{ $domain }” has no suffix; please enter the whole domain, including .com, .cn or the like.
    For example: example.com
err-domain-unknown-tld = The suffix “.{ $tld }” of “{ $domain }” is not a known top-level domain; please check the spelling.
    For example: example.com, example.cn
err-domain-suffix-only = “{ $domain }” is only a domain suffix; please add the name you registered in front of it.
    For example: example.com.cn
err-domain-subdomain = “{ $domain }” is a sub-domain. Only the main domain is filed, and its sub-domains need no filing of their own.
    Please enter: { $suggested }
err-domain-list-too-many = One filing can name at most { $max } domains; this answer has { $count }.
    Please keep the domains to file now; the others can be added as new websites once this filing is approved.
err-home-url-format = The home page (网站首页) should be a complete web address without spaces.
    For example: http://www.example.com
err-home-url-scheme = The home page address must start with http:// or https://, not “{ $scheme }”.
    For example: https://www.example.com
err-home-url-port = The home page must use the default port (80 for http, 443 for https), not port { $port }.
    For example: http://www.example.com
err-home-url-host = The home page's domain “{ $host }” is not one of this website's domains.
    Please use one of them, or its www. form: { $domains }

## Filing numbers

err-filing-number-format = A filing number (备案号) is a province abbreviation, “ICP备”, 5 to 10 digits and “号”.
    For example: 京ICP备12345678号
err-filing-number-province = A filing number starts with a province abbreviation (such as 京, 沪, 粤, 川 or 蜀), and “{ $abbr }” is not a mainland province's abbreviation.
    For example: 京ICP备12345678号
err-filing-number-digits = A filing number has 5 to 10 digits after “ICP备”; this one has { $count }.
    For example: 京ICP备12345678号
err-subject-number-suffix = A subject filing number (主体备案号) has no “-n” at the end; numbers ending in “-1”, “-2” … are website filing numbers.
    Please enter: { $suggested }
err-site-number-suffix = A website filing number (网站备案号) is the subject number { $subject } followed by “-n” (starting from 1).
    For example: 京ICP备12345678号-1

## Website name

err-site-name-length = A website name (网站名称) has 3 to 30 characters; this one has { $length }.
    For example: 代码与咖啡
err-site-name-domain = A website name cannot be a domain or a web address; please describe the site in words.
    For example: 代码与咖啡, 山间小记
err-site-name-symbol = A website name may contain only Chinese characters, letters, digits and ( ) -, not “{ $char }”.
    For example: 代码与咖啡, 山间小记(摄影)
err-site-name-ascii = A website name cannot consist of Latin letters or digits only; please include Chinese.
    For example: Python学习笔记, 代码与咖啡
err-site-name-prefix = A website name cannot start with “{ $word }”: names starting with 中国, 中华, 中央, 国家, 人民 or 全国 are reserved for government bodies.
    For example: 代码与咖啡, 山间小记
err-site-name-banned = A website name cannot contain prohibited or sensitive words such as “{ $word }”; please choose another name.
    For example: 代码与咖啡, 山间小记
err-site-name-personal-word = A personal website's name cannot contain “{ $word }”: such words make it look like a company's or an organization's site.
    For example: 代码与咖啡, 山间小记
err-site-name-person-name = A website name cannot contain the organizer's name “{ $word }”; please name the site after its content or topic.
    For example: 代码与咖啡, 山间小记
err-site-name-personal-preapproval = “{ $word }” in the name refers to content that needs a pre-approval (前置审批), which personal filings cannot obtain; please choose another name.
    For example: 代码与咖啡, 山间小记
err-site-name-preapproval = A name containing “{ $word }” needs the pre-approval item (前置审批项) “{ $preapproval }” with its approval document; if the site has no such content, please choose another name.
    For example: 代码与咖啡, 山间小记

## Dates / certificate validity

err-date-format = Please write the date as year-month-day.
    For example: 2030-01-31, 2030年1月31日
err-date-impossible = { $date } is not a valid date; please check the year, month and day against the certificate.
    For example: 2030-01-31
err-validity-start-future = The validity start date { $date } is later than today; please enter the issue date or the start of validity shown on the certificate.
    For example: 2020-05-01
err-validity-expired = The certificate expired on { $date }, and an expired certificate cannot be used for a filing.
    Please renew it first, then enter the new certificate's end date; for a certificate without an end date enter “长期” (long-term).
err-validity-expiring = The certificate expires on { $date }, less than 3 months from now, so it could expire while the filing is reviewed.
    Please renew it first (the end date must be after { $deadline }), then enter the new certificate's dates; for a certificate without an end date enter “长期” (long-term).
