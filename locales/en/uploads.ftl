## Refusals of an uploaded photo or scan (dialogs/uploads.py). The renderer adds ❌.
## Each message says what is wrong and how to send or take the picture again.

## The file

err-file-too-large = The file is larger than { $limit_mb } MB, which Telegram does not let bots download.
    Please compress it, or take a new photo and send that.
err-file-empty = The file is empty.
    Please send the picture again.
err-file-type = This file cannot be used. Please send a JPG, PNG, HEIC or WebP image or a PDF scan (the content decides, not the file name).
err-file-gif = GIF images are not accepted.
    Please take a photo of the original certificate and send it as a photo or as a JPG or PNG file.
err-image-animated = This is an animated image, which cannot be used as a certificate.
    Please send a still photo (JPG, PNG or HEIC).
err-image-too-many-pixels = The image is too large to process (more than { $limit_mp } megapixels).
    Please send an ordinary phone photo.
err-image-broken = The image is damaged or incomplete (perhaps it was cut off while sending).
    Please send it again; if that does not help, take a new photo.

## The picture

err-image-too-small = The image is only { $width } × { $height } pixels; its shorter side needs at least { $min } pixels, or the text on the certificate cannot be read.
    Please send the original as a file rather than as a photo (Telegram shrinks photos), or take the photo closer to the certificate.
err-image-blurry = The photo is blurred: the text on the certificate cannot be read.
    Please lay the certificate flat in daylight, hold the phone steady, tap the screen to focus, and take it again.
err-image-too-dark = The photo is too dark: the text on the certificate cannot be read.
    Please take it again in daylight or under a bright lamp, without the phone's shadow on the certificate.
err-image-too-bright = The photo is overexposed: the text on the certificate is washed out.
    Please avoid direct sunlight, turn the flash off, and tilt the phone slightly so that nothing shines, then take it again.
err-image-blank = The picture is almost one colour: no certificate can be seen.
    Please lay the certificate flat so that it fills the frame, and take it again without the flash.

## PDF

err-pdf-broken = This PDF cannot be opened: it is damaged or protected by a password.
    Please send a PDF without a password, or a photo instead.
err-pdf-too-many-pages = This PDF has { $pages } pages, but { $limit ->
    [one] only one page is
   *[other] at most { $limit } pages are
} accepted here.
    Please keep only the pages needed, or photograph them one by one.
err-pdf-page = Page { $page } of the PDF: { $problem }
