#pragma once

#include <QString>

class vtkTextProperty;

namespace pointq::widgets {

/// Path of an installed font with Chinese, Japanese and Korean glyphs when the
/// default QLocale (the workbench's UI language) is one of those languages, else
/// empty. VTK draws text with built-in fonts that cover Latin script only.
QString cjkFontFile();

/// Switches property to cjkFontFile() when that is not empty, so that translated
/// titles, axis labels and legends show their characters; leaves it unchanged otherwise.
void applyUiFont(vtkTextProperty* property);

} // namespace pointq::widgets
