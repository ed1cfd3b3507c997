#pragma once

#include <QDialog>

class QComboBox;

namespace pointq::studio {

/// Preferences: language (applied at the next start) and colour theme (applied now).
/// Both are stored in QSettings under "language" and "theme".
class PreferencesDialog : public QDialog {
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget* parent = nullptr);

    /// Stores the choices and applies the theme.
    void accept() override;

private:
    QComboBox* m_language;
    QComboBox* m_theme;
};

} // namespace pointq::studio
