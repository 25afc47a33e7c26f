"""The dashboard's charts name their series in the reader's language: static/js/dashboard.js has
no words of its own and reads them from the panel's JSON (apps/dashboard/charts.py)."""

from django.conf import settings as django_settings
from django.utils import translation

from apps.dashboard.charts import chart_data
from tests.i18n.catalog import compiled_locale_dir

EMPTY = {"by_stage": [], "by_priority": {}, "hours": [], "workload": []}


def test_the_chart_series_are_named_in_english_by_default():
    data = chart_data(**EMPTY)

    assert data["stages"]["series"] == data["priorities"]["series"] == "Projects"
    assert data["stageHours"]["series"] == "Average hours"
    assert data["workload"]["series"] == {
        "onSchedule": "Sub-stages on schedule",
        "overdue": "Sub-stages overdue",
        "approvals": "Approvals waiting",
    }


def test_the_chart_series_and_priorities_are_named_in_vietnamese_for_a_vietnamese_reader(
    tmp_path, settings
):
    settings.LOCALE_PATHS = [compiled_locale_dir()]

    with translation.override("vi"):
        data = chart_data(**EMPTY)

    assert data["stages"]["series"] == "Dự án"
    assert data["priorities"]["labels"] == ["Thấp", "Bình thường", "Cao", "Khẩn cấp"]
    assert data["stageHours"]["series"] == "Số giờ trung bình"
    assert data["workload"]["series"] == {
        "onSchedule": "Bước đúng hạn",
        "overdue": "Bước quá hạn",
        "approvals": "Phê duyệt đang chờ",
    }


def test_the_chart_script_has_no_english_labels_of_its_own():
    script = (django_settings.BASE_DIR / "static" / "js" / "dashboard.js").read_text()

    for english in ("Projects", "Average hours", "on schedule", "overdue", "Approvals waiting"):
        assert f'"{english}' not in script
