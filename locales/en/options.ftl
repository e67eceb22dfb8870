## Labels of choice options: opt-<list>-<code> (codes in dialogs/catalog.py, dialogs/provinces.py).

## province
opt-province-11 = Beijing
opt-province-12 = Tianjin
opt-province-13 = Hebei
opt-province-14 = Shanxi
opt-province-15 = Inner Mongolia
opt-province-21 = Liaoning
opt-province-22 = Jilin
opt-province-23 = Heilongjiang
opt-province-31 = Shanghai
opt-province-32 = Jiangsu
opt-province-33 = Zhejiang
opt-province-34 = Anhui
opt-province-35 = Fujian
opt-province-36 = Jiangxi
opt-province-37 = Shandong
opt-province-41 = Henan
opt-province-42 = Hubei
opt-province-43 = Hunan
opt-province-44 = Guangdong
opt-province-45 = Guangxi
opt-province-46 = Hainan
opt-province-50 = Chongqing
opt-province-51 = Sichuan
opt-province-52 = Guizhou
opt-province-53 = Yunnan
opt-province-54 = Tibet
opt-province-61 = Shaanxi
opt-province-62 = Gansu
opt-province-63 = Qinghai
opt-province-64 = Ningxia
opt-province-65 = Xinjiang

## nature
opt-nature-enterprise = Enterprise
opt-nature-personal = Individual
opt-nature-government = Government agency
opt-nature-institution = Public institution
opt-nature-social_group = Social organization
opt-nature-private_non_enterprise = Private non-enterprise unit
opt-nature-foundation = Foundation
opt-nature-law_firm = Law firm

## idtype
opt-idtype-resident_id = Resident ID card
opt-idtype-passport = Passport
opt-idtype-hk_macau_permit = Mainland travel permit for HK/Macau residents
opt-idtype-taiwan_permit = Mainland travel permit for Taiwan residents
opt-idtype-foreign_pr = Foreign permanent residence ID
opt-idtype-hk_macau_residence = Residence permit for HK/Macau residents
opt-idtype-taiwan_residence = Residence permit for Taiwan residents
opt-idtype-business_license = Business licence (USCC)
opt-idtype-uscc_certificate = USCC certificate
opt-idtype-org_code_certificate = Organization code certificate
opt-idtype-institution_certificate = Public institution legal person certificate
opt-idtype-social_group_certificate = Social organization registration certificate
opt-idtype-private_non_enterprise_certificate = Private non-enterprise unit registration certificate
opt-idtype-foundation_certificate = Foundation registration certificate
opt-idtype-law_firm_license = Law firm practice licence

## content
opt-content-blog = Blog / personal space
opt-content-unit_portal = Organization website
opt-content-portal = General portal
opt-content-news = Online news
opt-content-shopping = Online shopping
opt-content-ads = Online ads / listings
opt-content-education = Online education
opt-content-games = Online games
opt-content-music = Online music
opt-content-video = Online film and video
opt-content-pictures = Online pictures
opt-content-software = Software / downloads
opt-content-jobs = Job seeking
opt-content-web_building = Website building
opt-content-search = Search engine
opt-content-im = Instant messaging
opt-content-other = Other

## lang
opt-lang-zh_hans = Simplified Chinese
opt-lang-zh_hant = Traditional Chinese
opt-lang-en = English
opt-lang-ja = Japanese
opt-lang-fr = French
opt-lang-ru = Russian
opt-lang-es = Spanish
opt-lang-ar = Arabic
opt-lang-ug = Uyghur
opt-lang-bo = Tibetan
opt-lang-mn = Mongolian
opt-lang-ko = Korean
opt-lang-other = Other

## preapproval
opt-preapproval-none = Not applicable
opt-preapproval-news = News
opt-preapproval-publishing = Publishing
opt-preapproval-education = Education
opt-preapproval-health = Health care
opt-preapproval-drugs = Drugs and medical devices
opt-preapproval-bbs = Bulletin board services
opt-preapproval-culture = Culture
opt-preapproval-broadcast = Radio, film and TV programmes
opt-preapproval-ride_hailing = Ride hailing
opt-preapproval-finance = Internet finance
opt-preapproval-religion = Religion

## yesno
opt-yesno-yes = Yes
opt-yesno-no = No
