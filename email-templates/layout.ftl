<#-- Shared plain-text pieces. -->
<#-- One article: title, byline, excerpt, link. -->
<#macro articleCard card>
${card.title}
<#if card.author?has_content || card.published?has_content>${card.author!}<#if card.author?has_content && card.published?has_content> · </#if>${card.published!}
</#if>
<#if card.excerpt?has_content>${card.excerpt}
</#if>
${msg("mail.readMore")}: ${card.url}
</#macro>

<#macro footer>
--
<#if viewInBrowserUrl??>${msg("mail.viewInBrowser")}: ${viewInBrowserUrl}
</#if>
<#if footerNote??>${footerNote}
<#if signUpUrl??>${msg("mail.footer.signUp", list.name)}: ${signUpUrl}
</#if><#elseif unsubscribeUrl??>${msg("mail.footer.subscribed", list.name)}
${msg("mail.footer.unsubscribe")}: ${unsubscribeUrl}
<#if preferencesUrl??>${msg("mail.footer.preferences")}: ${preferencesUrl}
</#if><#else>${msg("mail.footer.asked", list.name)}
</#if>
${sender.name!} · ${sender.postalAddress}
</#macro>
