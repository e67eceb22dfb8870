## Labels of choice options: opt-<list>-<code> (codes in dialogs/catalog.py, dialogs/provinces.py).

## province
opt-province-11 = 北京
opt-province-12 = 天津
opt-province-13 = 河北
opt-province-14 = 山西
opt-province-15 = 内蒙古
opt-province-21 = 辽宁
opt-province-22 = 吉林
opt-province-23 = 黑龙江
opt-province-31 = 上海
opt-province-32 = 江苏
opt-province-33 = 浙江
opt-province-34 = 安徽
opt-province-35 = 福建
opt-province-36 = 江西
opt-province-37 = 山东
opt-province-41 = 河南
opt-province-42 = 湖北
opt-province-43 = 湖南
opt-province-44 = 广东
opt-province-45 = 广西
opt-province-46 = 海南
opt-province-50 = 重庆
opt-province-51 = 四川
opt-province-52 = 贵州
opt-province-53 = 云南
opt-province-54 = 西藏
opt-province-61 = 陕西
opt-province-62 = 甘肃
opt-province-63 = 青海
opt-province-64 = 宁夏
opt-province-65 = 新疆

## nature
opt-nature-enterprise = 企业
opt-nature-personal = 个人
opt-nature-government = 政府机关
opt-nature-institution = 事业单位
opt-nature-social_group = 社会团体
opt-nature-private_non_enterprise = 民办非企业单位
opt-nature-foundation = 基金会
opt-nature-law_firm = 律师执业机构

## idtype
opt-idtype-resident_id = 居民身份证
opt-idtype-passport = 护照
opt-idtype-hk_macau_permit = 港澳居民来往内地通行证
opt-idtype-taiwan_permit = 台湾居民来往大陆通行证
opt-idtype-foreign_pr = 外国人永久居留身份证
opt-idtype-hk_macau_residence = 港澳居民居住证
opt-idtype-taiwan_residence = 台湾居民居住证
opt-idtype-business_license = 营业执照（统一社会信用代码）
opt-idtype-uscc_certificate = 统一社会信用代码证书
opt-idtype-org_code_certificate = 组织机构代码证
opt-idtype-institution_certificate = 事业单位法人证书
opt-idtype-social_group_certificate = 社会团体法人登记证书
opt-idtype-private_non_enterprise_certificate = 民办非企业单位登记证书
opt-idtype-foundation_certificate = 基金会法人登记证书
opt-idtype-law_firm_license = 律师事务所执业许可证

## content
opt-content-blog = 博客/个人空间
opt-content-unit_portal = 单位门户网站
opt-content-portal = 综合门户
opt-content-news = 网络新闻
opt-content-shopping = 网络购物
opt-content-ads = 网络广告/信息
opt-content-education = 网络教育
opt-content-games = 网络游戏
opt-content-music = 网络音乐
opt-content-video = 网络影视
opt-content-pictures = 网络图片
opt-content-software = 网络软件/下载
opt-content-jobs = 网上求职
opt-content-web_building = 网站建设
opt-content-search = 搜索引擎
opt-content-im = 即时通信
opt-content-other = 其他

## lang
opt-lang-zh_hans = 中文简体
opt-lang-zh_hant = 中文繁体
opt-lang-en = 英语
opt-lang-ja = 日语
opt-lang-fr = 法语
opt-lang-ru = 俄罗斯语
opt-lang-es = 西班牙语
opt-lang-ar = 阿拉伯语
opt-lang-ug = 维吾尔语
opt-lang-bo = 藏语
opt-lang-mn = 蒙古语
opt-lang-ko = 朝鲜语
opt-lang-other = 其他

## preapproval
opt-preapproval-none = 不涉及
opt-preapproval-news = 新闻
opt-preapproval-publishing = 出版
opt-preapproval-education = 教育
opt-preapproval-health = 医疗保健
opt-preapproval-drugs = 药品和医疗器械
opt-preapproval-bbs = 电子公告服务
opt-preapproval-culture = 文化
opt-preapproval-broadcast = 广播电影电视节目
opt-preapproval-ride_hailing = 网络预约车
opt-preapproval-finance = 互联网金融
opt-preapproval-religion = 宗教

## yesno
opt-yesno-yes = 是
opt-yesno-no = 否
