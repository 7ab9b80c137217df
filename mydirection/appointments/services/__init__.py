"""Changes to appointments and the delivery of the order, one module per topic.

``arranging`` (arrange, reschedule, cancel), ``reminders`` (queue and cancel an appointment's
reminder), ``outcomes``, ``enforcement``, ``unpaid_work`` and ``locations``. Import the topic
module: nothing is re-exported here.
"""
