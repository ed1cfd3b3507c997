#include "render/VtkFonts.h"

#include <QFileInfo>
#include <QLocale>

#include <vtkTextProperty.h>

namespace pointq::widgets {

QString cjkFontFile()
{
    const QLocale::Language language = QLocale().language();
    if (language != QLocale::Chinese && language != QLocale::Japanese && language != QLocale::Korean)
        return {};
    // The Debian package depends on fonts-noto-cjk; the others are common alternatives.
    // FreeType opens the first face of a .ttc collection, whose glyphs cover all three languages.
    static const char* const candidates[] = {
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    };
    for (const char* candidate : candidates) {
        if (QFileInfo(QString::fromLatin1(candidate)).isReadable())
            return QString::fromLatin1(candidate);
    }
    return {};
}

void applyUiFont(vtkTextProperty* property)
{
    const QString file = cjkFontFile();
    if (file.isEmpty() || !property)
        return;
    property->SetFontFamily(VTK_FONT_FILE);
    property->SetFontFile(file.toLocal8Bit().constData());
}

} // namespace pointq::widgets
