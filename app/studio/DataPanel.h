#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QSpinBox;

namespace pointq {
struct SegmentationScene;
}

namespace pointq::studio {

class SessionController;

/// The Data dock: the data path, the files it read and the cloud shown in the 3D view.
/// In a segmentation session the data is one scene, with its labels and column layout.
class DataPanel : public QWidget {
    Q_OBJECT

public:
    DataPanel(SessionController* controller, QWidget* parent = nullptr);

    int currentCloud() const;
    void setCurrentCloud(int index);
    /// Description of the open data, as shown above the file list.
    QString descriptionText() const;

Q_SIGNALS:
    void openDataRequested();
    /// The cloud to show changed; -1 when no data is open.
    void currentCloudChanged(int index);

private:
    void onDataChanged();
    void showScene(const SegmentationScene& scene);
    void onCloudIndexChanged(int index);

    SessionController* m_controller;
    QLabel* m_path;
    QLabel* m_description;
    QListWidget* m_files;
    QSpinBox* m_cloud;
    QLabel* m_label;
};

} // namespace pointq::studio
