<#-- Shared plain-text pieces. -->
<#macro footer>
--
<#if unsubscribeUrl??>You receive this because you subscribed to ${list.name}.
Unsubscribe with one click: ${unsubscribeUrl}
<#else>You receive this because someone, hopefully you, asked to subscribe to ${list.name}.
</#if>
${sender.name!} · ${sender.postalAddress}
</#macro>
