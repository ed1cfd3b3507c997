#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QApplication;
class QCoreApplication;

namespace pointq::studio {

/// Colour scheme setting: follow the platform, or force light or dark.
enum class Theme { System, Light, Dark };

Theme themeFromName(const QString& name);
QString themeName(Theme theme);
/// Applies the theme to the application palette. The platform's palette is captured
/// on the first call, so switching back to System restores it.
void applyTheme(QApplication& application, Theme theme);

/// Language setting: "system", "en" or "zh_CN".
QString languageSetting();
/// The locale a language setting means ("system" resolves to QLocale::system()).
QLocale localeOf(const QString& language);
/// Installs PointQ's translation and Qt's qtbase translation for the locale. Returns false
/// when PointQ has no translation for it; English is then shown, with its plural forms.
bool installTranslations(QApplication& application, const QLocale& locale);
/// Installs the English plural forms ("1 cloud", "2 clouds") of the messages whose source
/// text reads "%n cloud(s)". English needs them because tr() shows the source text as is.
bool installEnglishPluralForms(QCoreApplication& application);

/// Request parsed from the command line: `pointq-studio [SESSION] [--cfg X --pretrained Y
/// --data D] [key=value ...]`.
struct StartupRequest {
    QString sessionPath;
    QString configPath;
    QString checkpointPath;
    QString dataPath;
    QStringList overrides;
    bool noDemo = false;     ///< --no-demo: start empty
    bool noRecovery = false; ///< --no-recovery: ignore an autosaved session
    bool smokeTest = false;  ///< --smoke-test: open the demo session, then exit with 0 when it loaded
    QString error;           ///< set for unusable arguments
};

StartupRequest parseCommandLine(const QStringList& arguments);

/// The bundled demo inputs, relative to the source tree (POINTQ_DATA_DIR overrides).
struct DemoInputs {
    QString configPath;
    QString checkpointPath;
    QString dataPath;
};
DemoInputs demoInputs();

} // namespace pointq::studio
