#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    from config.env_file import load_env_file

    load_env_file()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
