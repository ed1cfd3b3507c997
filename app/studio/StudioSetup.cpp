#include "StudioSetup.h"

#include "common/Resources.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QTranslator>

namespace pointq::studio {

namespace {

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(230, 230, 230);
    const QColor disabled(128, 128, 128);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Link, QColor(90, 160, 255));
    palette.setColor(QPalette::Highlight, QColor(60, 120, 215));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::PlaceholderText, disabled);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabled);
    return palette;
}

} // namespace

Theme themeFromName(const QString& name)
{
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

QString themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

void applyTheme(QApplication& application, Theme theme)
{
    static const QPalette platformPalette = application.palette();
    static const QString platformStyle = application.style()->name();
    switch (theme) {
    case Theme::System:
        application.setStyle(QStyleFactory::create(platformStyle));
        application.setPalette(platformPalette);
        break;
    case Theme::Light:
        application.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        application.setPalette(application.style()->standardPalette());
        break;
    case Theme::Dark:
        application.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        application.setPalette(darkPalette());
        break;
    }
}

QString languageSetting()
{
    return QSettings().value(QStringLiteral("language"), QStringLiteral("system")).toString();
}

QLocale localeOf(const QString& language)
{
    return language == QLatin1String("system") ? QLocale::system() : QLocale(language);
}

bool installTranslations(QApplication& application, const QLocale& locale)
{
    auto* qtTranslator = new QTranslator(&application);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
    // An English locale loads pointq_en.qm here, which contains the English plural forms.
    auto* translator = new QTranslator(&application);
    if (!translator->load(locale, QStringLiteral("pointq"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete translator;
        installEnglishPluralForms(application);
        return false;
    }
    QApplication::installTranslator(translator);
    QLocale::setDefault(locale);
    return true;
}

bool installEnglishPluralForms(QCoreApplication& application)
{
    auto* translator = new QTranslator(&application);
    if (!translator->load(QStringLiteral(":/i18n/pointq_en.qm"))) {
        qWarning("the English plural forms :/i18n/pointq_en.qm are missing, so counts read \"1 cloud(s)\"");
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}

StartupRequest parseCommandLine(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption config(QStringLiteral("cfg"), QStringLiteral("openpoints config (.yaml)"), QStringLiteral("FILE"));
    const QCommandLineOption checkpoint(QStringLiteral("pretrained"), QStringLiteral("checkpoint (.pth)"), QStringLiteral("FILE"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("evaluation clouds"), QStringLiteral("PATH"));
    const QCommandLineOption noDemo(QStringLiteral("no-demo"), QStringLiteral("start without the demo session"));
    const QCommandLineOption noRecovery(QStringLiteral("no-recovery"), QStringLiteral("ignore an autosaved session"));
    const QCommandLineOption smokeTest(QStringLiteral("smoke-test"),
                                       QStringLiteral("open the demo session and exit: 0 when it loaded, 1 otherwise"));
    parser.addOptions({config, checkpoint, data, noDemo, noRecovery, smokeTest});
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("a .pqsession file, or key=value overrides"));
    StartupRequest request;
    if (!parser.parse(arguments)) {
        request.error = parser.errorText();
        return request;
    }
    request.configPath = parser.value(config);
    request.checkpointPath = parser.value(checkpoint);
    request.dataPath = parser.value(data);
    request.noDemo = parser.isSet(noDemo);
    request.noRecovery = parser.isSet(noRecovery);
    request.smokeTest = parser.isSet(smokeTest);
    for (const QString& word : parser.positionalArguments()) {
        if (word.contains(QLatin1Char('=')))
            request.overrides.append(word);
        else if (request.sessionPath.isEmpty())
            request.sessionPath = word;
        else
            request.error = QStringLiteral("unexpected argument '%1'").arg(word);
    }
    if (!request.overrides.isEmpty() && request.configPath.isEmpty())
        request.error = QStringLiteral("key=value overrides need --cfg");
    return request;
}

DemoInputs demoInputs()
{
    // The same lookup as the command line: POINTQ_DATA_DIR, the installed share/pointq,
    // then the source tree.
    const BundledDefaults defaults = findBundledDefaults();
    return DemoInputs{QString::fromStdString(defaults.config), QString::fromStdString(defaults.checkpoint),
                      QString::fromStdString(defaults.data)};
}

} // namespace pointq::studio
