#pragma once

#include <QDialog>

class QCheckBox;

namespace pointq::studio {

struct StartupRequest;

/// A short, non-modal guide to the first four steps in the workbench: load a config and
/// checkpoint, pick calibration data, run, read the deltas. It opens next to the demo
/// session on the first launch and from Help > Getting Started afterwards.
class FirstLaunchGuide : public QDialog {
    Q_OBJECT

public:
    explicit FirstLaunchGuide(QWidget* parent = nullptr);

    /// The "Don't show again" box. Toggling it stores the setting at once.
    QCheckBox* dontShowAgainBox() const { return m_dontShowAgain; }

    /// QSettings key that stores the "Don't show again" choice.
    static QString dismissedKey();
    static bool isDismissed();
    static void setDismissed(bool dismissed);

    /// Returns whether a startup request opens the demo session interactively, the only
    /// launch that shows the guide: no session, no inputs, no --no-demo, no --smoke-test.
    static bool showsAtStartup(const StartupRequest& request);

    /// Shows the guide over `window` unless the user chose "Don't show again".
    /// Returns the shown guide, or nullptr when it stays hidden.
    static FirstLaunchGuide* showOnFirstLaunch(QWidget* window);
    /// Shows the guide over `window` regardless of the setting (Help menu), raising the
    /// open one instead of stacking a second copy.
    static FirstLaunchGuide* showFor(QWidget* window);

private:
    QCheckBox* m_dontShowAgain;
};

} // namespace pointq::studio
