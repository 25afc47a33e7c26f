from django.db import migrations, models

# A message without a thread would be a conversation of its own that no page can group: the
# trigger gives it its parent's thread (a reply) or its own id (a new conversation), so raw SQL
# and every service agree on what a thread is.
THREAD_TRIGGER = """
CREATE OR REPLACE FUNCTION messages_fill_thread_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.thread_id IS NULL THEN
        NEW.thread_id := coalesce(
            (SELECT m.thread_id FROM messages m WHERE m.id = NEW.parent_id),
            NEW.id
        );
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER messages_fill_thread_id BEFORE INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION messages_fill_thread_id();
UPDATE messages SET thread_id = id WHERE thread_id IS NULL;
"""
THREAD_TRIGGER_REVERSE = """
DROP TRIGGER IF EXISTS messages_fill_thread_id ON messages;
DROP FUNCTION IF EXISTS messages_fill_thread_id();
"""


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [
        migrations.RunSQL(THREAD_TRIGGER, THREAD_TRIGGER_REVERSE),
        migrations.AlterField(model_name="message", name="thread_id", field=models.UUIDField()),
    ]
