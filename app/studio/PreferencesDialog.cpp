#include "PreferencesDialog.h"

#include "StudioSetup.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace pointq::studio {

PreferencesDialog::PreferencesDialog(QWidget* parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_theme(new QComboBox(this))
{
    setWindowTitle(tr("Preferences"));
    m_language->addItem(tr("System language"), QStringLiteral("system"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setToolTip(tr("Language of the workbench; takes effect at the next start"));
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setToolTip(tr("Colour palette of the workbench"));

    const QSettings settings;
    m_language->setCurrentIndex(std::max(0, m_language->findData(languageSetting())));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(settings.value(QStringLiteral("theme"), QStringLiteral("system")))));

    auto* form = new QFormLayout;
    form->addRow(tr("Language:"), m_language);
    form->addRow(tr("Theme:"), m_theme);
    auto* note = new QLabel(tr("A new language takes effect when the workbench starts again."), this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
}

void PreferencesDialog::accept()
{
    QSettings settings;
    settings.setValue(QStringLiteral("language"), m_language->currentData());
    settings.setValue(QStringLiteral("theme"), m_theme->currentData());
    if (auto* application = qobject_cast<QApplication*>(QApplication::instance()))
        applyTheme(*application, themeFromName(m_theme->currentData().toString()));
    QDialog::accept();
}

} // namespace pointq::studio
