#include "FirstLaunchGuide.h"

#include "StudioSetup.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace pointq::studio {

FirstLaunchGuide::FirstLaunchGuide(QWidget* parent)
    : QDialog(parent)
    , m_dontShowAgain(new QCheckBox(tr("Don't show this guide again"), this))
{
    setObjectName(QStringLiteral("FirstLaunchGuide"));
    setWindowTitle(tr("Getting started with PointQ Studio"));
    // Non-modal, so the workbench stays usable and no test or script waits on it.
    setModal(false);
    setAttribute(Qt::WA_DeleteOnClose);

    auto* intro = new QLabel(tr("The demo session with the bundled model and clouds is open. "
                                "To quantize your own network:"), this);
    intro->setWordWrap(true);

    const QStringList steps{
        tr("<b>Load your config and checkpoint.</b> File &gt; Open Config… takes an openpoints .yaml, "
           "File &gt; Open Checkpoint… its trained .pth. You can also drop both files on the window."),
        tr("<b>Pick calibration data.</b> File &gt; Open Data… takes a folder or a point-cloud file. "
           "In the Quantization dock, Calibration clouds sets how many of them calibrate the INT8 ranges."),
        tr("<b>Run.</b> Press F5 or Run in the Quantization dock: PointQ calibrates, converts to INT8, "
           "then evaluates and times the FP32 and the INT8 model."),
        tr("<b>Read the deltas.</b> The Results dock lists accuracy and latency of FP32 and INT8 for every run. "
           "Select a layer in the Model dock to see its histograms, and keep the layers that lose most in FP32."),
    };
    QString list = QStringLiteral("<ol>");
    for (const QString& step : steps)
        list += QStringLiteral("<li style=\"margin-bottom:6px\">") + step + QStringLiteral("</li>");
    list += QStringLiteral("</ol>");
    auto* stepsLabel = new QLabel(list, this);
    stepsLabel->setObjectName(QStringLiteral("GuideSteps"));
    stepsLabel->setTextFormat(Qt::RichText);
    stepsLabel->setWordWrap(true);

    auto* reopen = new QLabel(tr("Help > Getting Started opens this guide again."), this);
    reopen->setWordWrap(true);

    m_dontShowAgain->setChecked(isDismissed());
    connect(m_dontShowAgain, &QCheckBox::toggled, this, &FirstLaunchGuide::setDismissed);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(stepsLabel);
    layout->addWidget(reopen);
    layout->addWidget(m_dontShowAgain);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

QString FirstLaunchGuide::dismissedKey()
{
    return QStringLiteral("firstLaunchGuide/dismissed");
}

bool FirstLaunchGuide::isDismissed()
{
    return QSettings().value(dismissedKey(), false).toBool();
}

void FirstLaunchGuide::setDismissed(bool dismissed)
{
    QSettings().setValue(dismissedKey(), dismissed);
}

bool FirstLaunchGuide::showsAtStartup(const StartupRequest& request)
{
    return request.error.isEmpty() && !request.smokeTest && !request.noDemo && request.sessionPath.isEmpty() &&
           request.configPath.isEmpty();
}

FirstLaunchGuide* FirstLaunchGuide::showOnFirstLaunch(QWidget* window)
{
    if (isDismissed())
        return nullptr;
    return showFor(window);
}

FirstLaunchGuide* FirstLaunchGuide::showFor(QWidget* window)
{
    if (auto* open = window->findChild<FirstLaunchGuide*>(QString(), Qt::FindDirectChildrenOnly)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto* guide = new FirstLaunchGuide(window);
    guide->show();
    return guide;
}

} // namespace pointq::studio
