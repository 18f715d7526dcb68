// SPDX-License-Identifier: MIT
#include "ui/dialogs/settings_dialog.h"

#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace lada::ui {

namespace {

/** The setting that names a pretrained model file (core/config/setting_table.cpp); it gets a Browse… button. */
constexpr const char* kBackboneKey = "backbone";

/** The editor of one setting; an optional value's unset state sits one step below its range. */
QWidget* makeEditor(const SettingSpec& spec, QWidget* parent)
{
    QWidget* w = nullptr;
    const bool optional = !spec.unsetToken.empty();
    switch (spec.kind) {
    case SettingKind::Choice: {
        auto* box = new QComboBox(parent);
        for (const std::string& c : spec.choices)
            box->addItem(toQ(c));
        w = box;
        break;
    }
    case SettingKind::Integer: {
        auto* box = new QSpinBox(parent);
        const int lo = static_cast<int>(std::max<double>(spec.min, INT_MIN + 1.0));
        box->setRange(optional ? lo - 1 : lo, static_cast<int>(std::min<double>(spec.max, INT_MAX)));
        if (optional)
            box->setSpecialValueText(toQ(spec.unsetText));
        w = box;
        break;
    }
    case SettingKind::Real: {
        if (!optional && spec.min > 0.0 && spec.min < 1e-3) {
            // Learning rates span decades (1e-3, 5e-5): typed as text, parsed and range-checked by the table.
            w = new QLineEdit(parent);
            break;
        }
        auto* box = new QDoubleSpinBox(parent);
        box->setDecimals(3);
        box->setRange(optional ? 0.0 : spec.min, spec.max);
        box->setSingleStep(spec.max <= 1.0 ? 0.01 : 0.1);
        if (optional)
            box->setSpecialValueText(toQ(spec.unsetText));
        w = box;
        break;
    }
    case SettingKind::Flag: w = new QCheckBox(parent); break;
    case SettingKind::Text: w = new QLineEdit(parent); break;
    }
    w->setObjectName(toQ(spec.key));
    w->setToolTip(toQ(spec.help));
    return w;
}

}  // namespace

SettingsDialog::SettingsDialog(const ExperimentConfig& settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("Session settings"));
    setMinimumWidth(520);  // every group's tab visible, no scroll arrows
    auto* layout = new QVBoxLayout(this);
    auto* presetForm = new QFormLayout;
    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("preset"));
    m_preset->addItem(tr("None"));
    for (const std::string& name : presetList())
        m_preset->addItem(toQ(name));
    m_preset->setToolTip(tr("Fill the settings below from a preset, as lada-cli --preset does"));
    presetForm->addRow(tr("Preset:"), m_preset);
    m_presetInfo = new QLabel(this);
    m_presetInfo->setWordWrap(true);
    presetForm->addRow(QString(), m_presetInfo);
    layout->addLayout(presetForm);
    auto* tabs = new QTabWidget(this);
    std::map<std::string, QFormLayout*> forms;
    for (const SettingSpec& spec : settingTable()) {
        QFormLayout*& form = forms[spec.group];
        if (form == nullptr) {
            auto* page = new QWidget(tabs);
            form = new QFormLayout(page);
            tabs->addTab(page, toQ(spec.group));
        }
        QWidget* editor = makeEditor(spec, this);
        m_editors[spec.key] = editor;
        form->addRow(toQ(spec.label), fieldFor(spec, editor));
        setValue(spec.key, spec.get(settings));
    }
    layout->addWidget(tabs);
    m_opened = values();
    m_preset->setCurrentIndex(matchingPreset(settings));
    describePreset(m_preset->currentIndex());
    connect(m_preset, &QComboBox::currentIndexChanged, this, &SettingsDialog::fillFromPreset);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QWidget* SettingsDialog::fieldFor(const SettingSpec& spec, QWidget* editor)
{
    auto* line = qobject_cast<QLineEdit*>(editor);
    if (spec.kind != SettingKind::Text || spec.key != kBackboneKey || line == nullptr)
        return editor;
    auto* field = new QWidget(this);
    auto* row = new QHBoxLayout(field);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(line, 1);
    auto* browse = new QPushButton(tr("Browse…"), field);
    browse->setObjectName(toQ(spec.key) + QStringLiteral("-browse"));
    browse->setToolTip(tr("Choose the pretrained model file (TorchScript or ONNX)"));
    row->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, line] {
        const QString current = line->text().trimmed();
        const QString start = current.isEmpty() ? QString() : QFileInfo(current).absolutePath();
        const QString file = m_chooseModel
                                 ? m_chooseModel(start)
                                 : QFileDialog::getOpenFileName(this, tr("Backbone model"), start, modelFileFilter());
        if (!file.isEmpty())
            line->setText(file);
    });
    return field;
}

int SettingsDialog::matchingPreset(const ExperimentConfig& settings)
{
    const std::vector<std::string>& names = presetList();
    for (size_t i = 0; i < names.size(); ++i) {
        bool same = true;
        // Compared through the table's canonical text, so "1000" and "1e3" are the same value.
        ExperimentConfig preset = settings;
        try {
            applyPreset(preset, names[i]);
        } catch (const ConfigError&) {
            continue;
        }
        for (const auto& entry : presetSettings(names[i])) {
            const SettingSpec* spec = findSetting(entry.first);
            same = same && spec != nullptr && spec->get(preset) == spec->get(settings);
        }
        if (same)
            return static_cast<int>(i) + 1;
    }
    return 0;
}

std::map<std::string, std::string> SettingsDialog::presetValues(int comboIndex)
{
    const std::vector<std::string>& names = presetList();
    if (comboIndex <= 0 || comboIndex > static_cast<int>(names.size()))
        return {};
    return presetSettings(names[static_cast<size_t>(comboIndex - 1)]);
}

void SettingsDialog::describePreset(int comboIndex)
{
    QStringList described;
    for (const auto& [key, value] : presetValues(comboIndex))
        described << QStringLiteral("%1 = %2").arg(toQ(key), toQ(value));
    m_presetInfo->setText(described.isEmpty()
                              ? tr("No preset: the values as the dialog opened with them, or as you edit them.")
                              : tr("Sets %1.").arg(described.join(QStringLiteral(", "))));
}

void SettingsDialog::fillFromPreset(int comboIndex)
{
    describePreset(comboIndex);
    for (const std::string& name : presetList())
        for (const auto& entry : presetSettings(name)) {
            const auto opened = m_opened.find(entry.first);
            if (opened != m_opened.end())
                setValue(entry.first, opened->second);
        }
    for (const auto& [key, value] : presetValues(comboIndex))
        setValue(key, value);
}

bool SettingsDialog::choosePreset(const std::string& name)
{
    const int index = name.empty() ? 0 : m_preset->findText(toQ(name));
    if (index < 0)
        return false;
    if (index == m_preset->currentIndex())
        fillFromPreset(index);  // currentIndexChanged would not fire
    else
        m_preset->setCurrentIndex(index);
    return true;
}

std::string SettingsDialog::preset() const
{
    return m_preset->currentIndex() <= 0 ? std::string() : m_preset->currentText().toStdString();
}

bool SettingsDialog::setValue(const std::string& key, const std::string& value)
{
    const SettingSpec* spec = findSetting(key);
    const auto it = m_editors.find(key);
    if (spec == nullptr || it == m_editors.end())
        return false;
    const bool unset = !spec->unsetToken.empty() && value == spec->unsetToken;
    if (auto* box = qobject_cast<QComboBox*>(it->second))
        box->setCurrentText(toQ(value));
    else if (auto* box = qobject_cast<QSpinBox*>(it->second))
        box->setValue(unset ? box->minimum() : toQ(value).toInt());
    else if (auto* box = qobject_cast<QDoubleSpinBox*>(it->second))
        box->setValue(unset ? box->minimum() : toQ(value).toDouble());
    else if (auto* box = qobject_cast<QCheckBox*>(it->second))
        box->setChecked(value == "true");
    else if (auto* box = qobject_cast<QLineEdit*>(it->second))
        box->setText(toQ(value));
    return true;
}

std::map<std::string, std::string> SettingsDialog::values() const
{
    std::map<std::string, std::string> out;
    for (const auto& [key, editor] : m_editors) {
        const SettingSpec* spec = findSetting(key);
        const bool optional = !spec->unsetToken.empty();
        std::string v;
        if (auto* box = qobject_cast<QComboBox*>(editor))
            v = box->currentText().toStdString();
        else if (auto* box = qobject_cast<QSpinBox*>(editor))
            v = optional && box->value() == box->minimum() ? spec->unsetToken : std::to_string(box->value());
        else if (auto* box = qobject_cast<QDoubleSpinBox*>(editor))
            v = optional && box->value() == box->minimum() ? spec->unsetToken
                                                           : QString::number(box->value(), 'g', 10).toStdString();
        else if (auto* box = qobject_cast<QCheckBox*>(editor))
            v = box->isChecked() ? "true" : "false";
        else if (auto* box = qobject_cast<QLineEdit*>(editor))
            v = box->text().toStdString();
        out[key] = v;
    }
    return out;
}

void SettingsDialog::accept()
{
    ExperimentConfig next = m_settings;
    try {
        applySettings(next, values());
    } catch (const ConfigError& e) {
        QMessageBox::warning(this, tr("Settings"), toQ(e.what()));
        return;
    }
    m_settings = next;
    QDialog::accept();
}

ExperimentConfig loadSettings()
{
    QSettings q;
    ExperimentConfig config;
    q.beginGroup(QStringLiteral("settings"));
    const QStringList keys = q.childKeys();
    for (const QString& key : keys) {
        try {
            applySetting(config, key.toStdString() + "=" + q.value(key).toString().toStdString());
        } catch (const ConfigError&) {
            // A value remembered by another version that this one refuses: the default stays.
        }
    }
    q.endGroup();
    if (keys.isEmpty()) {
        // Earlier versions remembered the settings in camelCase under "session".
        q.beginGroup(QStringLiteral("session"));
        std::map<std::string, std::string> legacy;
        for (const QString& key : q.childKeys())
            legacy[key.toStdString()] = q.value(key).toString().toStdString();
        q.endGroup();
        try {
            config = migrateSettings(legacy, {}, "QSettings");
        } catch (const ConfigError&) {
            config = ExperimentConfig{};
        }
    }
    return config;
}

void saveSettings(const ExperimentConfig& settings)
{
    QSettings q;
    q.beginGroup(QStringLiteral("settings"));
    for (const auto& [key, value] : configToMap(settings))
        q.setValue(QString::fromStdString(key), QString::fromStdString(value));
}

QString SettingsDialog::modelFileFilter()
{
    return tr("Models (*.pt *.pts *.torchscript *.onnx);;All files (*)");
}

}  // namespace lada::ui
