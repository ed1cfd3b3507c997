#include "DataPanel.h"

#include "SceneLayoutText.h"
#include "SessionController.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace pointq::studio {

DataPanel::DataPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_path(new QLabel(this))
    , m_description(new QLabel(this))
    , m_files(new QListWidget(this))
    , m_cloud(new QSpinBox(this))
    , m_label(new QLabel(this))
{
    auto* openButton = new QToolButton(this);
    openButton->setText(QStringLiteral("…"));
    openButton->setToolTip(tr("Open a data folder or a point-cloud file (HDF5, PLY, PCD, NPY, TXT, BIN)"));
    m_description->setWordWrap(true);
    m_description->setToolTip(tr("What the evaluation clouds are and how they were read"));
    m_files->setToolTip(tr("Files the evaluation clouds were read from"));
    m_cloud->setToolTip(tr("Index of the cloud shown in the 3D view"));
    m_label->setToolTip(tr("Ground-truth class of the shown cloud"));

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(openButton);
    auto* form = new QFormLayout;
    form->addRow(tr("Data:"), pathRow);
    form->addRow(tr("Cloud:"), m_cloud);
    form->addRow(tr("Class:"), m_label);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(m_description);
    layout->addWidget(m_files, 1);

    connect(openButton, &QToolButton::clicked, this, &DataPanel::openDataRequested);
    connect(m_cloud, &QSpinBox::valueChanged, this, &DataPanel::onCloudIndexChanged);
    connect(m_controller, &SessionController::dataChanged, this, &DataPanel::onDataChanged);
    connect(m_controller, &SessionController::sessionReplaced, this, &DataPanel::onDataChanged);
    onDataChanged();
}

int DataPanel::currentCloud() const
{
    return m_controller->hasData() ? m_cloud->value() : -1;
}

QString DataPanel::descriptionText() const
{
    return m_description->text();
}

void DataPanel::setCurrentCloud(int index)
{
    m_cloud->setValue(index);
}

void DataPanel::onDataChanged()
{
    const QString path = m_controller->session().dataPath;
    m_path->setText(path.isEmpty() ? tr("none") : QFileInfo(path).fileName());
    m_path->setToolTip(path);
    m_files->clear();
    m_cloud->setEnabled(true);
    if (const SegmentationScene* scene = m_controller->scene()) {
        showScene(*scene);
        return;
    }
    const EvaluationData* data = m_controller->data();
    if (!data) {
        m_description->setText(tr("No data open. Runs need evaluation clouds."));
        m_cloud->setRange(0, 0);
        m_label->clear();
        Q_EMIT currentCloudChanged(-1);
        return;
    }
    QString description = QString::fromStdString(data->description);
    if (data->synthetic)
        description = tr("SYNTHETIC data: %1").arg(description);
    m_description->setText(description);
    for (const std::string& file : data->files)
        m_files->addItem(QString::fromStdString(file));
    const QSignalBlocker blocker(m_cloud);
    m_cloud->setRange(0, std::max<int>(0, static_cast<int>(data->inputs.pos.size(0)) - 1));
    m_cloud->setValue(0);
    onCloudIndexChanged(0);
}

void DataPanel::showScene(const SegmentationScene& scene)
{
    const QString file = m_controller->session().dataPath;
    QStringList lines{tr("One scene of %n point(s), shown whole; a run predicts a label for every point.", nullptr,
                         static_cast<int>(scene.cloud.size()))};
    if (scene.labelsSource.empty())
        lines.append(tr("No labels: mIoU and accuracy are not measured, and INT8 is scored against FP32."));
    else
        lines.append(tr("Labels from %1.").arg(QString::fromStdString(scene.labelsSource)));
    if (scene.inferredFormat)
        lines.append(SceneLayoutText::describe(*scene.inferredFormat));
    m_description->setText(lines.join(QLatin1Char('\n')));
    m_files->addItem(file);
    if (!scene.labelsSource.empty() && QString::fromStdString(scene.labelsSource) != file)
        m_files->addItem(QString::fromStdString(scene.labelsSource));
    {
        const QSignalBlocker blocker(m_cloud);
        m_cloud->setRange(0, 0);
        m_cloud->setValue(0);
    }
    m_cloud->setEnabled(false);
    m_label->setText(scene.labelsSource.empty() ? tr("unlabelled") : tr("per point"));
    Q_EMIT currentCloudChanged(0);
}

void DataPanel::onCloudIndexChanged(int index)
{
    const EvaluationData* data = m_controller->data();
    if (!data)
        return;
    QString label = tr("unlabelled");
    if (data->labelled && index < data->inputs.labels.size(0)) {
        const int64_t classIndex = data->inputs.labels[index].item<int64_t>();
        label = classIndex >= 0 && classIndex < static_cast<int64_t>(data->classNames.size())
                    ? QString::fromStdString(data->classNames[static_cast<size_t>(classIndex)])
                    : QString::number(classIndex);
    }
    m_label->setText(label);
    Q_EMIT currentCloudChanged(index);
}

} // namespace pointq::studio
