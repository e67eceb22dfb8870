## Refusals of an uploaded photo or scan (dialogs/uploads.py). The renderer adds ❌.
## Each message says what is wrong and how to send or take the picture again.

## The file

err-file-too-large = 文件超过 { $limit_mb } MB，Telegram 不允许机器人下载。
    请压缩后再发送，或直接拍一张新照片发送。
err-file-empty = 收到的是空文件。
    请重新发送这张图片。
err-file-type = 无法识别这个文件。请发送 JPG、PNG、HEIC、WebP 图片或 PDF 扫描件（按文件内容判断，与文件名无关）。
err-file-gif = 不接受 GIF 动图。
    请拍摄证件原件，以照片或 JPG、PNG 图片发送。
err-image-animated = 这是一张动图，不能作为证件材料。
    请发送一张静态照片（JPG、PNG 或 HEIC）。
err-image-too-many-pixels = 图片尺寸过大（超过 { $limit_mp } 兆像素），无法处理。
    请发送手机正常拍摄的照片。
err-image-broken = 图片文件已损坏或不完整（可能没有传完）。
    请重新发送；如果仍然不行，请重新拍摄。

## The picture

err-image-too-small = 图片只有 { $width } × { $height } 像素，短边不足 { $min } 像素，证件上的文字会看不清。
    请以“文件”方式发送原图（以“照片”方式发送时 Telegram 会压缩图片），或靠近证件重新拍摄。
err-image-blurry = 照片模糊，证件上的文字看不清。
    请把证件平放在光线充足的地方，拿稳手机，点一下屏幕对焦后重新拍摄。
err-image-too-dark = 照片太暗，证件上的文字看不清。
    请在白天光线充足处或明亮的灯下重新拍摄，注意不要让手机的影子挡住证件。
err-image-too-bright = 照片曝光过度，证件上的文字发白、看不清。
    请避开阳光直射，关闭闪光灯，稍微倾斜手机避免反光后重新拍摄。
err-image-blank = 图片几乎是一片纯色，没有拍到证件内容。
    请把证件平放、让它占满画面后重新拍摄；不要使用闪光灯，以免整片发白。

## PDF

err-pdf-broken = 无法打开这个 PDF：文件已损坏，或设置了打开密码。
    请发送没有密码的 PDF，或直接拍照发送。
err-pdf-too-many-pages = 这个 PDF 有 { $pages } 页，这里最多只能上传 { $limit } 页。
    请只保留需要的页面后再发送，或逐页拍照发送。
err-pdf-page = PDF 第 { $page } 页：{ $problem }
